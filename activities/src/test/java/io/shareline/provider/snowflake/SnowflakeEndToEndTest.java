package io.shareline.provider.snowflake;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.activities.SharelineActivities;
import io.shareline.activitylog.ActivityLogSyncWorkflowImpl;
import io.shareline.backfill.BackfillWorkflowImpl;
import io.shareline.common.Failures;
import io.shareline.common.SearchAttributes;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ConnectorInput;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.ConnectorStatus;
import io.shareline.connector.ConnectorWorkflow;
import io.shareline.connector.ConnectorWorkflowImpl;
import io.shareline.connector.SnowflakeRecipient;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.BatchDeliveryWorkflowImpl;
import io.shareline.delivery.RunDeliveryWorkflowImpl;
import io.shareline.delivery.RunRef;
import io.shareline.delta.DeltaTables;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.ledger.Ledger;
import io.shareline.provider.ProviderException;
import io.shareline.provider.ShareProvider;
import io.shareline.source.SampleRun;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.source.SampleSummary;
import io.shareline.source.SchemaChanges;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * provider=snowflake through the real workflows and activities (in-process Temporal) against the SQL API
 * emulator: onboarding with the zero-data check, the first live run, the backfill (whose runs change
 * schema), a live run, a live schema change, then revoke. The emulator's external stage reads the very
 * Parquet files STAGE wrote; its consumer account reads the shared views as the customer would. The worker
 * "dies" once right after a LOAD's COPY committed, and the retried LOAD adds nothing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SnowflakeEndToEndTest {
  private static final String CONNECTOR = "sf";
  private static final String BUCKET = "s3://shareline-ingest/data/";
  private static final String SHARE = "SHARELINE.PROVIDER.SHARELINE_SF";

  @TempDir Path dir;
  private final SnowflakeAccounts accounts = new SnowflakeAccounts();
  private final DeltaTables tables = new DeltaTables(new Configuration());
  private final AtomicInteger loads = new AtomicInteger();
  private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
      new ch.qos.logback.core.read.ListAppender<>();
  private TestWorkflowEnvironment env;
  private SharelineActivities activities;

  @org.junit.jupiter.api.BeforeEach
  void captureLogs() {
    logs.start();
    rootLogger().addAppender(logs);
  }

  private static ch.qos.logback.classic.Logger rootLogger() {
    return (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @AfterEach
  void stop() throws Exception {
    rootLogger().detachAppender(logs);
    if (env != null) {
      env.close();
    }
    accounts.close();
  }

  @Test
  void aConnectorIsOnboardedBackfilledFedLiveChangesSchemaAndIsRevokedThroughSnowflake() throws Exception {
    Path source = dir.resolve("source");
    // three runs: the first of schema version 1, the two later ones of version 2 (a field added, a type changed)
    SampleSummary sample = SampleSourceGenerator.generate(source, new SampleSpec(11L, 1, 3, 6, false));
    String workflowId = sample.workflows().get(0).id();
    SampleRun firstLive = sample.workflows().get(0).runs().get(2);
    ConnectorWorkflow connector = start(source);
    ConnectorState onboarded = await(connector, 3);
    assertEquals(ConnectorStatus.ACTIVE, onboarded.status());

    SampleRun changed = SampleSourceGenerator.appendRun(source, workflowId, 4L, 5);
    SchemaChanges.addCouponCode(source.resolve("workflows").resolve(workflowId).resolve("runs").resolve(changed.jobId()));
    connector.runCompleted(new RunRef(workflowId, changed.jobId()));
    await(connector, 4);

    SnowflakeSqlApi consumer = accounts.consumer();
    consumer.execute("import the share", SnowflakeStatement.of("CREATE DATABASE FROM_SHARELINE FROM SHARE " + SHARE));
    Lakehouse lakehouse = activities.lakehouse();
    List<String> views = new ArrayList<>();
    for (int v = 1; v <= 3; v++) {
      views.add(Lakehouse.versionTable(workflowId, v));
    }
    views.add(Lakehouse.latestTable(workflowId));
    for (String table : views) {
      assertSameRows(consumer, table, lakehouse.tablePath(CONNECTOR, table));
    }
    List<List<String>> runs = consumer.execute("runs", SnowflakeStatement.of(
        "SELECT JOB_ID, ROW_COUNT FROM FROM_SHARELINE.SHARED.WORKFLOW_RUNS ORDER BY JOB_ID")).rows();
    List<List<String>> fields = consumer.execute("fields", SnowflakeStatement.of("SELECT SHARELINE_TYPE, SNOWFLAKE_TYPE,"
        + " VIEW_CAST FROM FROM_SHARELINE.SHARED.WORKFLOW_SCHEMA_FIELDS WHERE VERSION = 1 AND COLUMN_NAME = 'seller'"))
        .rows();
    String activity = consumer.execute("activity", SnowflakeStatement.of(
        "SELECT COUNT(*) FROM FROM_SHARELINE.SHARED.ACTIVITY_LOG")).rows().get(0).get(0);
    String latestText = new SnowflakeShares(accounts.provider()).viewDefinition(SnowflakeShareProvider.layout(spec(source)),
        Lakehouse.latestTable(workflowId).toUpperCase()).orElseThrow();
    List<String> sqlBodies = accounts.emulator.calls().stream().map(SnowflakeEmulator.Call::body).toList();
    int zeroDataCheck = indexOf(sqlBodies, "SHOW GRANTS TO SHARE");
    int firstCopy = indexOf(sqlBodies, "COPY INTO");

    connector.revoke(false, true);
    ConnectorState revoked = awaitStatus(connector, ConnectorStatus.REVOKED);
    ProviderException afterRevoke = assertThrows(ProviderException.class, () -> consumer.execute("read after revoke",
        SnowflakeStatement.of("SELECT COUNT(*) FROM FROM_SHARELINE.SHARED." + views.get(3).toUpperCase())));
    long kept = new SnowflakeShares(accounts.provider()).jobRows(SnowflakeShareProvider.layout(spec(source)),
        views.get(0).toUpperCase() + "_DATA", "shareline_job_id", sample.workflows().get(0).runs().get(0).jobId());

    String histories = histories(workflowId, firstLive, changed);
    String jwt = accounts.emulator.calls().get(0).headers().get("Authorization").get(0).substring("Bearer ".length());
    List<String> ledger = new Ledger(lakehouse).all(CONNECTOR).stream().map(a -> a.stage() + " " + a.message()).toList();
    String rowValue = firstTitle(source, workflowId, changed.jobId());
    String logged = logs.list.stream().map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
        : " " + e.getThrowableProxy().getMessage())).collect(java.util.stream.Collectors.joining("\n"));
    String keyText = Base64.getEncoder().encodeToString(accounts.providerKey.getPrivate().getEncoded()).substring(64, 128);
    assertAll(
        () -> assertEquals(4, runs.size(), runs.toString()),
        () -> assertEquals(List.of(List.of("OBJECT", "VARIANT", "PARSE_JSON")), fields),
        () -> assertEquals(Long.toString(tables.countRows(lakehouse.tablePath(CONNECTOR, "activity_log"))), activity),
        () -> assertTrue(Long.parseLong(activity) > 0, "activity events exported"),
        () -> assertTrue(latestText.contains("\"" + views.get(2).toUpperCase() + "\""), latestText),
        () -> assertTrue(zeroDataCheck >= 0 && zeroDataCheck < firstCopy, "zero-data check before any load"),
        () -> assertTrue(loads.get() >= 4, "loads: " + loads.get()),
        () -> assertEquals(Failures.PROVIDER_INVALID, afterRevoke.type()),
        () -> assertEquals(ConnectorStatus.REVOKED, revoked.status()),
        () -> assertTrue(kept > 0, "the provider's data stays after revoke"),
        () -> assertTrue(ledger.stream().anyMatch(m -> m.startsWith("VERIFY") && m.contains(SnowflakeShareProvider.PROOF)),
            ledger.toString()),
        () -> assertFalse(sqlBodies.stream().anyMatch(b -> b.contains(rowValue)), "no row value in any SQL API request"),
        () -> assertFalse(histories.contains(rowValue), "no row value in history"),
        () -> assertTrue(histories.contains(changed.jobId()), "the payloads were read"),
        () -> assertFalse(histories.contains(keyText) || histories.contains(jwt), "no key or JWT in history"),
        () -> assertFalse(String.join("\n", ledger).contains(keyText) || String.join("\n", ledger).contains(jwt)),
        () -> assertTrue(logged.contains("LOAD failed"), "the logs were captured"),
        () -> assertFalse(logged.contains(rowValue) || logged.contains(keyText) || logged.contains(jwt),
            "no row value, key or JWT in the log"));
  }

  /** The consumer reads, through the shared view, the columns and rows (per job, and every title) of the Delta table. */
  private void assertSameRows(SnowflakeSqlApi consumer, String table, String deltaPath) {
    SnowflakeResult seen = consumer.execute("read " + table, SnowflakeStatement.of("SELECT * FROM FROM_SHARELINE.SHARED."
        + table.toUpperCase()));
    List<String> columns = seen.columns().stream().map(SnowflakeResult.Column::name).toList();
    List<Map<String, Object>> delivered = tables.readAll(deltaPath);
    Map<String, Integer> seenJobs = new TreeMap<>();
    Map<String, Integer> deliveredJobs = new TreeMap<>();
    List<String> seenTitles = new ArrayList<>();
    List<String> deliveredTitles = new ArrayList<>();
    seen.rows().forEach(r -> {
      seenJobs.merge(seen.cell(r, "shareline_job_id"), 1, Integer::sum);
      seenTitles.add(seen.cell(r, "title"));
    });
    delivered.forEach(r -> {
      deliveredJobs.merge(String.valueOf(r.get("shareline_job_id")), 1, Integer::sum);
      deliveredTitles.add(r.get("title") == null ? null : r.get("title").toString());
    });
    seenTitles.sort(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
    deliveredTitles.sort(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
    assertAll(table,
        () -> assertEquals(tables.info(deltaPath).schema().fieldNames(), columns),
        () -> assertFalse(columns.contains("cost_price"), "private field"),
        () -> assertFalse(seen.rows().toString().contains("\"_"), "no private key inside a nested value"),
        () -> assertEquals(deliveredJobs, seenJobs),
        () -> assertEquals(deliveredTitles, seenTitles));
  }

  private ConnectorWorkflow start(Path source) {
    accounts.emulator.mount(BUCKET, dir.resolve("data").toUri().toString(), new Configuration());
    ShareProvider real = new SnowflakeShareProvider(accounts.provider(), SnowflakeAccounts.INTEGRATION, BUCKET);
    activities = SharelineActivities.create(dir.resolve("data").toString(), new Configuration(),
        Map.of(SnowflakeShareProvider.NAME, diesOnceAfterLoad(real)));
    env = TestWorkflowEnvironment.newInstance();
    SearchAttributes.ALL.forEach(key -> env.registerSearchAttribute(key.getName(),
        IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    Worker worker = env.newWorker(TaskQueues.DELIVERY);
    worker.registerWorkflowImplementationTypes(ConnectorWorkflowImpl.class, BackfillWorkflowImpl.class,
        RunDeliveryWorkflowImpl.class, BatchDeliveryWorkflowImpl.class, ActivityLogSyncWorkflowImpl.class);
    activities.implementations().forEach(worker::registerActivitiesImplementations);
    env.start();
    ConnectorWorkflow connector = env.getWorkflowClient().newWorkflowStub(ConnectorWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.DELIVERY)
            .setWorkflowId(TaskQueues.connectorWorkflowId(CONNECTOR)).build());
    WorkflowClient.start(connector::run, new ConnectorInput(spec(source), null));
    return connector;
  }

  private static ConnectorSpec spec(Path source) {
    return new ConnectorSpec(CONNECTOR, source.toString(), SnowflakeShareProvider.NAME,
        SnowflakeRecipient.of("acme", "analytics", "us-east-1", null).text(), List.of(), true);
  }

  /** The first LOAD's COPY commits, then its worker is lost: the activity fails and is retried. */
  private ShareProvider diesOnceAfterLoad(ShareProvider real) {
    return (ShareProvider) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ShareProvider.class},
        (proxy, method, args) -> {
          try {
            Object result = method.invoke(real, args);
            if (method.getName().equals("load") && loads.incrementAndGet() == 1) {
              throw new ProviderException(Failures.PROVIDER_TRANSIENT, "worker lost after the COPY committed");
            }
            return result;
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static ConnectorState await(ConnectorWorkflow connector, int delivered) throws InterruptedException {
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90); System.nanoTime() < deadline; ) {
      ConnectorState state = state(connector);
      if (state != null && state.status() == ConnectorStatus.ACTIVE && state.isIdle() && state.runsDelivered() == delivered) {
        return state;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("never delivered " + delivered + " runs: " + state(connector));
  }

  private static ConnectorState awaitStatus(ConnectorWorkflow connector, ConnectorStatus status)
      throws InterruptedException {
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < deadline; ) {
      ConnectorState state = state(connector);
      if (state != null && state.status() == status) {
        return state;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("never " + status);
  }

  private static ConnectorState state(ConnectorWorkflow connector) {
    try {
      return connector.state();
    } catch (RuntimeException notYet) {
      return null;
    }
  }

  /** The histories of the connector and of the live runs' deliveries, every payload decoded. */
  private String histories(String workflowId, SampleRun... runs) {
    WorkflowClient client = env.getWorkflowClient();
    List<String> json = new ArrayList<>(List.of(client.fetchHistory(TaskQueues.connectorWorkflowId(CONNECTOR)).toJson(false)));
    for (SampleRun run : runs) {
      json.add(client.fetchHistory(TaskQueues.deliveryWorkflowId(CONNECTOR, workflowId, run.jobId())).toJson(false));
    }
    StringBuilder all = new StringBuilder();
    for (String history : json) {
      all.append(history);
      java.util.regex.Matcher data = java.util.regex.Pattern.compile("\"data\":\\s*\"([A-Za-z0-9+/=]+)\"").matcher(history);
      while (data.find()) {
        all.append(new String(Base64.getDecoder().decode(data.group(1)), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return all.toString();
  }

  private static int indexOf(List<String> bodies, String statement) {
    for (int i = 0; i < bodies.size(); i++) {
      if (bodies.get(i).contains(statement)) {
        return i;
      }
    }
    return -1;
  }

  private static String firstTitle(Path source, String workflowId, String jobId) throws IOException {
    String line = Files.readAllLines(source.resolve("workflows").resolve(workflowId).resolve("runs").resolve(jobId)
        .resolve("rows.jsonl")).get(0);
    return new ObjectMapper().readTree(line).get("title").asText();
  }

}
