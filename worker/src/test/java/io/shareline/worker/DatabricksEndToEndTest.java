package io.shareline.worker;

import static io.shareline.worker.ChildJvm.expectSuccess;
import static io.shareline.worker.ChildJvm.java;
import static io.shareline.worker.PublishedTables.freePort;
import static io.shareline.worker.PublishedTables.runKeys;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.shareline.client.SharelineClient;
import io.shareline.client.TemporalConnection;
import io.shareline.delta.DeltaTables;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.ledger.Ledger;
import io.shareline.provider.databricks.DatabricksEmulator;
import io.shareline.provider.databricks.DatabricksWorkspace;
import io.shareline.source.SampleRun;
import io.shareline.source.SchemaChanges;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.source.SampleSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * provider=databricks end to end, as operators run it: a worker process configured with databricks.*
 * keys and S3A settings, the CLI in other processes, the Databricks emulator and S3 on loopback in this
 * one, the worker's principal holding only the grants onboarding needs. Preflight, onboarding, backfill,
 * a live run, a live schema change, then revoke; every VERIFY reads the share as the verifier recipient.
 */
class DatabricksEndToEndTest {
  private static final String CONNECTOR = "dbx";
  private static final String SHARE = "shareline_dbx";

  @TempDir Path tmp;
  private Process worker;
  private DatabricksWorkspace ws;

  @AfterEach
  void stop() throws Exception {
    if (worker != null) {
      worker.destroyForcibly();
      worker.waitFor(10, TimeUnit.SECONDS);
    }
    if (ws != null) {
      ws.close();
    }
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void aConnectorIsOnboardedBackfilledFedLiveChangesSchemaAndIsRevokedThroughDatabricks() throws Exception {
    ws = DatabricksWorkspace.start(tmp.resolve("outbox"));
    Path source = tmp.resolve("source");
    SampleSummary sample = SampleSourceGenerator.generate(source, new SampleSpec(11L, 2, 2, 12, false));
    String address = startWorker();
    expectSuccess(cli("connector", "check", "--provider", "databricks", "--recipient", DatabricksWorkspace.SHARING_ID,
        "--config", tmp.resolve("worker.properties").toString()));

    expectSuccess(cli("connector", "create", "--connector", CONNECTOR, "--source", source.toString(), "--provider",
        "databricks", "--recipient", DatabricksWorkspace.SHARING_ID, "--address", address));
    Set<String> expected = runKeys(sample);
    String workflowId = sample.workflows().get(0).id();
    try (TemporalConnection connection = TemporalConnection.open(address, "default")) {
      SharelineClient client = new SharelineClient(connection.client());
      awaitDelivered(client, expected);

      SampleRun live = SampleSourceGenerator.appendRun(source, workflowId, 3L, 9);
      report(address, workflowId, live.jobId(), expected);
      awaitDelivered(client, expected);

      SampleRun changed = SampleSourceGenerator.appendRun(source, workflowId, 4L, 7);
      SchemaChanges.addCouponCode(source.resolve("workflows").resolve(workflowId).resolve("runs").resolve(changed.jobId()));
      report(address, workflowId, changed.jobId(), expected);
      awaitDelivered(client, expected);
    }
    String status = cli("status", "--connector", CONNECTOR, "--address", address).stdout();
    List<String> shared = sharedTables();
    DeltaTables tables = new DeltaTables(ws.s3.hadoopConf());
    Lakehouse lakehouse = new Lakehouse(ws.dataDir(), ws.s3.hadoopConf());
    String versionPrefix = "shareline_dbx." + Lakehouse.versionTable(workflowId, 1).replaceAll("1$", "");
    long versions = shared.stream().filter(t -> t.startsWith(versionPrefix)).count();

    expectSuccess(cli("connector", "revoke", "--connector", CONNECTOR, "--address", address));

    List<String> sql = ws.emulator.calls().stream().filter(c -> c.line().equals("POST /api/2.0/sql/statements")
        && c.status() == 200).map(DatabricksEmulator.Call::body).toList();
    long recipientQueries = ws.emulator.calls().stream().filter(c -> c.method().equals("POST")
        && c.path().startsWith("/api/2.0/delta-sharing/") && c.path().endsWith("/query") && c.status() == 200).count();
    String latest = "main.shareline_dbx." + Lakehouse.latestTable(workflowId);
    List<String> ucColumns = new ArrayList<>();
    ws.emulator.table(latest).get("columns").forEach(c -> ucColumns.add(c.get("name").asText()));
    List<String> logColumns = tables.info(ws.emulator.table(latest).get("storage_location").asText()
        .replace("s3://", "s3a://")).schema().fieldNames();
    List<String> proofs = new Ledger(lakehouse).all(CONNECTOR).stream().filter(a -> a.stage().equals("VERIFY")
        && "SUCCEEDED".equals(a.outcome())).map(Ledger.Attempt::message).toList();
    String workerLog = Files.readString(tmp.resolve("worker.err")) + Files.readString(tmp.resolve("worker.out"));
    assertAll(
        () -> assertTrue(shared.containsAll(MetadataTables.ALL.stream().map(t -> "shareline_dbx." + t).toList()),
            shared.toString()),
        () -> assertTrue(shared.contains("shareline_dbx." + Lakehouse.latestTable(workflowId)), shared.toString()),
        () -> assertTrue(versions >= 2, "the live schema change made a new version table: " + shared),
        () -> assertTrue(sql.stream().anyMatch(b -> b.contains("CREATE TABLE IF NOT EXISTS")), "tables made by SQL"),
        () -> assertTrue(sql.stream().anyMatch(b -> b.contains("SYNC METADATA")), "__latest kept in step"),
        () -> assertTrue(ucColumns.contains("coupon_code"), "UC columns follow the schema change: " + ucColumns),
        () -> assertEquals(logColumns, ucColumns),
        () -> assertTrue(recipientQueries >= expected.size(), "VERIFY read each delivery as the verifier: "
            + recipientQueries),
        () -> assertTrue(proofs.size() >= expected.size() && proofs.stream().allMatch(p -> p.contains(
            "open sharing protocol")), proofs.toString()),
        () -> assertTrue(status.contains("verify proof: recipient read through the open sharing protocol"), status),
        () -> assertNull(ws.emulator.recipient(SHARE + "_verifier"), "verifier removed with the connector"),
        () -> assertEquals(Set.of(), ws.emulator.privileges(SHARE, SHARE), "grant removed"),
        () -> assertNull(ws.emulator.recipient(SHARE), "recipient removed"),
        () -> assertEquals(expected.size(), tables.countRows(lakehouse.tablePath(CONNECTOR, MetadataTables.RUNS)),
            "data stays after revoke"),
        () -> assertEquals(List.of(), ws.emulator.leaksOf(DatabricksWorkspace.TOKEN)),
        () -> assertFalse(workerLog.contains(DatabricksWorkspace.TOKEN), "the token is never logged"));
  }

  private List<String> sharedTables() {
    List<String> out = new ArrayList<>();
    ws.emulator.shares().get(SHARE).get("objects").forEach(o -> out.add(o.get("shared_as").asText()));
    return out;
  }

  private void report(String address, String workflowId, String jobId, Set<String> expected) throws Exception {
    expectSuccess(cli("run-completed", "--connector", CONNECTOR, "--workflow", workflowId, "--job", jobId,
        "--address", address));
    expected.add(workflowId + "/" + jobId);
  }


  private String startWorker() throws Exception {
    int port = freePort();
    Path token = Files.writeString(tmp.resolve("databricks-token"), DatabricksWorkspace.TOKEN);
    StringBuilder config = new StringBuilder()
        .append("data-dir=").append(ws.dataDir()).append('\n')
        .append("databricks.host=").append(ws.emulator.host()).append('\n')
        .append("databricks.catalog=").append(DatabricksWorkspace.CATALOG).append('\n')
        .append("databricks.storage-root=").append(ws.storageRoot()).append('\n')
        .append("databricks.warehouse-id=").append(DatabricksEmulator.WAREHOUSE_ID).append('\n')
        .append("databricks.token-file=").append(token).append('\n')
        .append("databricks.activation-outbox=").append(tmp.resolve("outbox")).append('\n');
    ws.s3.hadoopSettings().forEach((k, v) -> config.append("hadoop.").append(k).append('=').append(v).append('\n'));
    Path file = Files.writeString(tmp.resolve("worker.properties"), config.toString());
    ProcessBuilder builder = java("worker", "--embedded", "--port", String.valueOf(port), "--config", file.toString());
    builder.redirectError(tmp.resolve("worker.err").toFile());
    worker = builder.start();
    Path out = tmp.resolve("worker.out");
    Files.writeString(out, "");
    CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> readUntilReady(worker, out));
    if (!Boolean.TRUE.equals(ready.get(120, TimeUnit.SECONDS))) {
      fail("worker not ready: " + Files.readString(tmp.resolve("worker.err")));
    }
    return "127.0.0.1:" + port;
  }

  /** Copies the worker's stdout to a file, and says when it is polling. */
  private static boolean readUntilReady(Process process, Path copy) {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        Files.writeString(copy, line + "\n", java.nio.file.StandardOpenOption.APPEND);
        if (line.startsWith("Shareline worker connected")) {
          Thread drain = new Thread(() -> out.lines().forEach(l -> {
            try {
              Files.writeString(copy, l + "\n", java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException ignored) {
              // the test folder is going away
            }
          }), "worker-stdout");
          drain.setDaemon(true);
          drain.start();
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private ChildJvm.CliResult cli(String... args) throws Exception {
    return ChildJvm.cli(tmp, Duration.ofSeconds(90), args);
  }

  private static void awaitDelivered(SharelineClient client, Set<String> keys) throws InterruptedException {
    ChildJvm.awaitDelivered(client, CONNECTOR, keys, Duration.ofMinutes(4));
  }
}
