package io.shareline.worker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import static io.shareline.worker.ChildJvm.expectSuccess;
import static io.shareline.worker.ChildJvm.java;
import static io.shareline.worker.PublishedTables.freePort;
import static io.shareline.worker.PublishedTables.onceEach;
import static io.shareline.worker.PublishedTables.runKeys;

import io.shareline.client.SharelineClient;
import io.shareline.client.TemporalConnection;
import io.shareline.delivery.DeliveryState;
import io.shareline.source.SampleRun;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.source.SampleSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as operators run it: a worker process with its embedded server, and the CLI in other
 * processes. Only this test pays for child JVMs; everything else runs in-process.
 */
class CrossProcessEndToEndTest {

  private static final String CONNECTOR = "e2e";
  private static final String READY_LINE = "Shareline worker connected";

  @TempDir Path tmp;

  private Process worker;

  @AfterEach
  void stopWorker() throws InterruptedException {
    if (worker != null) {
      worker.destroyForcibly();
      // let it die before @TempDir deletes the folder it writes to
      worker.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void everyRunReportedThroughTheCliIsPublishedExactlyOnceWithoutPrivateColumns() throws Exception {
    Path source = tmp.resolve("source");
    Path dataDir = tmp.resolve("data");
    SampleSummary sample = SampleSourceGenerator.generate(source, new SampleSpec(3L, 2, 3, 20, true));
    String address = startWorker(dataDir);

    expectSuccess(cli("connector", "create", "--connector", CONNECTOR, "--source", source.toString(),
        "--address", address));
    SampleRun live;
    try (TemporalConnection connection = TemporalConnection.open(address, "default")) {
      SharelineClient client = new SharelineClient(connection.client());
      awaitDelivered(client, runKeys(sample));
      String workflowId = sample.workflows().get(0).id();
      live = SampleSourceGenerator.appendRun(source, workflowId, 7L, 15);
      expectSuccess(cli("run-completed", "--connector", CONNECTOR, "--workflow", workflowId, "--job", live.jobId(),
          "--address", address));
      Set<String> all = runKeys(sample);
      all.add(workflowId + "/" + live.jobId());
      awaitDelivered(client, all);
    }
    JsonNode status = new ObjectMapper().readTree(expectSuccess(cli("status", "--connector", CONNECTOR, "--json",
        "--address", address)));

    PublishedTables published = new PublishedTables(dataDir, CONNECTOR);
    Map<String, Long> expected = PublishedTables.expectedRowsPerJob(sample, live);
    assertAll(
        () -> assertEquals("ACTIVE", status.path("connector").path("status").asText(), status.toPrettyString()),
        () -> assertEquals(expected, published.versionTableRowsPerJob(), "rows per job over the version tables"),
        () -> assertEquals(List.of(), published.privateColumns()),
        () -> assertEquals(onceEach(expected.keySet()), published.workflowRunsPerJob(), "workflow_runs rows per job"));
  }

  /** Starts {@code worker --embedded} in a child JVM and returns the address it serves, once it is polling. */
  private String startWorker(Path dataDir) throws Exception {
    int port = freePort();
    ProcessBuilder builder = java("worker", "--embedded", "--port", String.valueOf(port), "--data-dir", dataDir.toString());
    builder.redirectError(tmp.resolve("worker.err").toFile());
    worker = builder.start();
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readUntilReady(worker));
    try {
      String line = ready.get(90, TimeUnit.SECONDS);
      if (line == null) {
        fail("worker exited before it was ready: " + Files.readString(tmp.resolve("worker.err")));
      }
    } catch (TimeoutException e) {
      fail("worker not ready within 90 s: " + Files.readString(tmp.resolve("worker.err")));
    }
    return "127.0.0.1:" + port;
  }

  /** The ready line, or null if stdout ends first; keeps draining stdout afterwards so the worker never blocks. */
  private static String readUntilReady(Process process) {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(READY_LINE)) {
          Thread drain = new Thread(() -> out.lines().forEach(ignored -> { }), "worker-stdout");
          drain.setDaemon(true);
          drain.start();
          return line;
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private ChildJvm.CliResult cli(String... args) throws Exception {
    return ChildJvm.cli(tmp, Duration.ofSeconds(60), args);
  }

  private static void awaitDelivered(SharelineClient client, Set<String> keys) throws InterruptedException {
    ChildJvm.awaitDelivered(client, CONNECTOR, keys, Duration.ofSeconds(150));
  }
}
