package io.shareline.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.activities.SharelineActivities;
import io.shareline.activitylog.ActivityLogSyncWorkflowImpl;
import io.shareline.common.Failures;
import io.shareline.common.SearchAttributes;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ConnectorInput;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.ConnectorStatus;
import io.shareline.connector.ConnectorWorkflow;
import io.shareline.connector.ConnectorWorkflowImpl;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.connector.spec.OrchestrationSettings;
import io.shareline.delivery.BatchDeliveryWorkflowImpl;
import io.shareline.delivery.BatchRequest;
import io.shareline.delivery.DeliveryActivities;
import io.shareline.delivery.DeliveryRequest;
import io.shareline.delivery.RunDeliveryWorkflowImpl;
import io.shareline.delivery.SchemaVersion;
import io.shareline.delivery.StageResults;
import io.shareline.delivery.StagedBatch;
import io.shareline.delivery.StagedRun;
import io.shareline.delta.DeltaTables;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.ledger.Ledger;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A connector's backfill of many tiny runs through the real workflows and activities over a temp lakehouse. */
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class BatchedBackfillEndToEndTest {
  private static final String CONNECTOR = "acme";
  private static final String TABLE = "wf_shop__v1";
  private static final int ROWS_PER_RUN = 3;

  @TempDir Path dir;
  private TestWorkflowEnvironment env;
  private SharelineActivities activities;
  private final DeltaTables tables = new DeltaTables(new Configuration());

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void twoHundredTinyRunsBackfillAsAHandfulOfCommitsWithEveryRowAndRunOnce() {
    ConnectorState state = deliver(200, 50, batches -> batches);

    assertEquals(200, state.runsDelivered());
    // create, the first live run alone, then batches of 50, 50 (page 1), 50, 49 (page 2)
    assertEquals(5, tables.latestVersion(table(TABLE)));
    assertEquals(5, tables.dataFileNames(table(TABLE)).size());
    assertEveryRowAndRunOnce(200);
  }

  @Test
  void batchesCloseAtTheByteBoundTheRowsFilesSizesSet() {
    // rows files of 63 bytes (jobs 1-9) and 66 bytes (10-21): at most three runs fit 200 bytes
    ConnectorState state = deliver(21, 50, 200, batches -> batches);

    assertEquals(21, state.runsDelivered());
    // create, the first live run alone, then the 20 older runs in batches 1-3, 4-6, 7-9, 10-12, 13-15, 16-18, 19-20
    assertEquals(8, tables.latestVersion(table(TABLE)));
    assertEquals(8, tables.dataFileNames(table(TABLE)).size());
    assertEveryRowAndRunOnce(21);
  }

  @Test
  void aBatchLoadFailingAfterItsCommitIsRetriedAndAddsNothing() {
    AtomicBoolean failed = new AtomicBoolean();
    ConnectorState state = deliver(21, 10, real -> new FailingOnceAfterLoad(real, failed));

    assertTrue(failed.get(), "the first LOAD batch failed after its commit");
    assertEquals(21, state.runsDelivered());
    // create, the first live run alone, then batches of 10 and 10: the retried one committed once
    assertEquals(3, tables.latestVersion(table(TABLE)));
    assertEveryRowAndRunOnce(21);
    Ledger ledger = new Ledger(activities.lakehouse());
    List<Integer> loadAttempts = ledger.attempts(CONNECTOR, "shop", job(1)).stream()
        .filter(a -> a.stage().equals("LOAD") && a.outcome().equals("SUCCEEDED")).map(Ledger.Attempt::attempt).toList();
    assertEquals(List.of(1, 2), loadAttempts, "the attempt that committed, then the retry that found it");
  }

  /** Runs a connector over {@code runs} tiny runs with the given batch size until it is ACTIVE and idle. */
  private ConnectorState deliver(int runs, int batchSize,
      Function<DeliveryActivities, DeliveryActivities> batchActivities) {
    return deliver(runs, batchSize, 0, batchActivities);
  }

  /** As above, batches also closing at {@code batchBytes} of rows files (0: the default bound). */
  private ConnectorState deliver(int runs, int batchSize, long batchBytes,
      Function<DeliveryActivities, DeliveryActivities> batchActivities) {
    Path source = writeSource(runs);
    activities = SharelineActivities.create(dir.resolve("data").toString(), new Configuration());
    env = TestWorkflowEnvironment.newInstance();
    SearchAttributes.ALL.forEach(key ->
        env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    Worker worker = env.newWorker(TaskQueues.DELIVERY);
    worker.registerWorkflowImplementationTypes(ConnectorWorkflowImpl.class, BackfillWorkflowImpl.class,
        RunDeliveryWorkflowImpl.class, BatchDeliveryWorkflowImpl.class, ActivityLogSyncWorkflowImpl.class);
    worker.registerActivitiesImplementations(batchActivities.apply(activities.delivery()), activities.runStages(),
        activities.onboarding(), activities.activityLog());
    env.start();
    ConnectorSpec spec = new ConnectorSpec(CONNECTOR, source.toString(), "local", "acme-recipient", List.of(), false,
        null, new OrchestrationSettings(4, 100, null, batchSize, batchBytes));
    WorkflowClient client = env.getWorkflowClient();
    ConnectorWorkflow connector = client.newWorkflowStub(ConnectorWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.DELIVERY).setWorkflowId(TaskQueues.connectorWorkflowId(CONNECTOR)).build());
    WorkflowClient.start(connector::run, new ConnectorInput(spec, null));
    long deadline = System.nanoTime() + 8L * 60 * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        ConnectorState state = connector.state();
        if (state.status() == ConnectorStatus.ACTIVE && state.isIdle() && state.runsDelivered() == runs) {
          return state;
        }
      } catch (RuntimeException notStartedYet) {
        // the first workflow task may not have run yet
      }
      sleep(200);
    }
    throw new AssertionError("the connector never delivered " + runs + " runs");
  }

  private void assertEveryRowAndRunOnce(int runs) {
    assertEquals((long) runs * ROWS_PER_RUN, tables.countRows(table(TABLE)));
    Set<String> jobs = java.util.stream.IntStream.rangeClosed(1, runs).mapToObj(BatchedBackfillEndToEndTest::job)
        .collect(Collectors.toSet());
    Map<String, Long> rowsPerJob = tables.countRowsByValue(table(TABLE), "shareline_job_id", jobs);
    rowsPerJob.forEach((job, rows) -> assertEquals(ROWS_PER_RUN, rows, job));
    List<Object> recorded = tables.readAll(table(MetadataTables.RUNS)).stream().map(row -> row.get("job_id")).toList();
    assertEquals(runs, recorded.size());
    assertEquals(jobs, Set.copyOf(recorded));
  }

  private String table(String name) {
    return activities.lakehouse().tablePath(CONNECTOR, name);
  }

  private static String job(int n) {
    return String.format("job-%03d", n);
  }

  private Path writeSource(int runs) {
    Path root = dir.resolve("source");
    write(root.resolve("workflows/shop/workflow.json"),
        "{\"name\":\"Shop\",\"team\":\"data\",\"created_at\":\"2026-01-05T08:00:00Z\"}");
    for (int n = 1; n <= runs; n++) {
      Path run = root.resolve("workflows/shop/runs/" + job(n));
      String finished = String.format("2026-01-05T%02d:%02d:00Z", 9 + n / 60, n % 60);
      write(run.resolve("run.json"), "{\"job_id\":\"" + job(n) + "\",\"workflow_id\":\"shop\",\"status\":\"SUCCEEDED\","
          + "\"started_at\":\"2026-01-05T09:00:00Z\",\"finished_at\":\"" + finished + "\",\"row_count\":" + ROWS_PER_RUN
          + ",\"schema\":[{\"name\":\"title\",\"type\":\"STRING\",\"nullable\":true}]}");
      List<String> rows = new ArrayList<>();
      for (int r = 0; r < ROWS_PER_RUN; r++) {
        rows.add("{\"title\":\"item " + n + "/" + r + "\"}");
      }
      write(run.resolve("rows.jsonl"), String.join("\n", rows) + "\n");
    }
    return root;
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The first LOAD batch commits, then fails as if the worker lost the answer; Temporal retries it. */
  private record FailingOnceAfterLoad(DeliveryActivities real, AtomicBoolean failed) implements DeliveryActivities {

    @Override
    public StagedRun stage(DeliveryRequest request) {
      return real.stage(request);
    }

    @Override
    public SchemaVersion schema(DeliveryRequest request, StagedRun staged) {
      return real.schema(request, staged);
    }

    @Override
    public StageResults.RunsStaged stageRuns(BatchRequest batch) {
      return real.stageRuns(batch);
    }

    @Override
    public StageResults.SchemasDecided schemaRuns(BatchRequest batch, java.util.List<StagedRun> staged) {
      return real.schemaRuns(batch, staged);
    }

    @Override
    public StageResults.BatchLoaded load(StagedBatch batch) {
      StageResults.BatchLoaded loaded = real.load(batch);
      if (batch.runs().size() > 1 && failed.compareAndSet(false, true)) {
        throw Failures.STORAGE_TRANSIENT.failure("connection reset after the commit");
      }
      return loaded;
    }

    @Override
    public StageResults.Published publish(StagedBatch batch) {
      return real.publish(batch);
    }

    @Override
    public StageResults.Shared share(StagedBatch batch) {
      return real.share(batch);
    }

    @Override
    public StageResults.BatchVerified verify(StagedBatch batch) {
      return real.verify(batch);
    }
  }
}
