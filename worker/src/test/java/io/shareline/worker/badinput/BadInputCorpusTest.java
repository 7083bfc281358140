package io.shareline.worker.badinput;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import io.shareline.client.SharelineClient;
import io.shareline.connector.ConnectorSpec;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.DeliverySettings;
import io.shareline.connector.DeliverySettings.CastPolicy;
import io.shareline.connector.OrchestrationSettings;
import io.shareline.delivery.DeliveryState.StageFailure;
import io.shareline.delivery.RunRef;
import io.shareline.delta.DeltaTables;
import io.shareline.worker.PublishedTables;
import io.shareline.worker.WorkerProcess;
import io.shareline.worker.config.WorkerSettings;
import io.shareline.worker.badinput.BadInputCase.Delivered;
import io.shareline.worker.badinput.BadInputCase.Failed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the bad-input corpus (docs/bad-input.md) against one worker: each case is a source workflow of
 * its own beside a healthy one in the same connector (reported cases go to a second connector, once it is
 * ACTIVE). Each run is delivered as decided or parked in FAILED with its decided type and stage and nothing
 * of it published, while the healthy workflow is delivered and the worker keeps delivering.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class BadInputCorpusTest {

  private static final String BACKFILLED = "corpus";
  private static final String REPORTED = "corpus-live";
  private static final String HEALTHY = "healthy";
  /**
   * Above the number of cases: a delivery parked in FAILED keeps its slot until retried or skipped, and the
   * corpus parks dozens at once.
   */
  private static final int PARALLEL_DELIVERIES = 200;

  @TempDir static Path tmp;
  private WorkerProcess process;
  private SharelineClient client;
  private final Map<String, ConnectorState> settled = new HashMap<>();
  private final Map<String, Map<String, Long>> rowsPerJob = new HashMap<>();
  private final Map<String, Map<String, Map<String, Object>>> runRows = new HashMap<>();

  static Stream<BadInputCase> corpus() {
    return BadInputCorpus.all().stream();
  }

  @BeforeAll
  void deliverEveryCase() throws Exception {
    SourceBuilder backfilled = new SourceBuilder(tmp.resolve("source"));
    SourceBuilder reported = new SourceBuilder(tmp.resolve("reported-source"));
    healthy(backfilled, 2);
    healthy(reported, 2);
    BadInputCorpus.all().forEach(c -> c.build().accept(c.live() ? reported : backfilled));
    Map<String, String> flags = Map.of("data-dir", tmp.resolve("data").toString(), "port", "0", "shutdown-grace", "2s");
    process = WorkerProcess.start(WorkerSettings.resolve(new WorkerSettings.Flags(flags, null), Map.of()), true);
    client = new SharelineClient(process.connection().client());

    // The healthy newest run is reported first, so it is the first live delivery; every case is history.
    client.runCompleted(spec(BACKFILLED, backfilled), new RunRef(HEALTHY, "healthy-2"));
    client.runCompleted(spec(REPORTED, reported), new RunRef(HEALTHY, "healthy-2"));
    client.awaitIdle(REPORTED, Duration.ofMinutes(2));
    BadInputCorpus.all().stream().filter(BadInputCase::live).forEach(c -> client.runCompleted(REPORTED, c.run()));
    healthy(reported, 3);
    client.runCompleted(REPORTED, new RunRef(HEALTHY, "healthy-3"));

    awaitSettled(Duration.ofSeconds(150));
    for (String connector : List.of(BACKFILLED, REPORTED)) {
      rowsPerJob.put(connector, new PublishedTables(tmp.resolve("data"), connector).versionTableRowsPerJob());
      runRows.put(connector, workflowRuns(connector));
    }
  }

  @AfterAll
  void stop() {
    if (process != null) {
      process.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachBadInputIsDeliveredAsDecidedOrFailsClassifiedWithNothingPublished(BadInputCase c) {
    String connector = c.live() ? REPORTED : BACKFILLED;
    ConnectorState state = settled.get(connector);
    String key = c.run().key();
    Long rows = rowsPerJob.get(connector).get(c.run().jobId());
    Map<String, Object> runRow = runRows.get(connector).get(c.run().jobId());
    StageFailure failure = state.failed.get(key);
    List<org.junit.jupiter.api.function.Executable> checks = new ArrayList<>();
    if (c.expected() instanceof Delivered delivered) {
      checks.add(() -> assertNull(failure, () -> "failed: " + failure));
      checks.add(() -> assertTrue(state.done.contains(key), "not delivered"));
      checks.add(() -> assertEquals(delivered.rows(), rows == null ? 0 : rows, "rows in the version tables"));
      checks.add(() -> assertNotNull(runRow, "no workflow_runs row"));
      checks.add(() -> assertEquals(delivered.rows(), runRow.get("row_count"), "workflow_runs.row_count"));
      checks.add(() -> assertEquals(delivered.nulls(), nulledByField(runRow), "workflow_runs.nulled_by_field"));
    } else {
      checks.add(() -> assertFalse(state.done.contains(key), "delivered"));
      checks.add(() -> assertNull(rows, "rows published"));
      checks.add(() -> assertNull(runRow, "workflow_runs row published"));
      if (c.expected() instanceof Failed failed) {
        checks.add(() -> assertNotNull(failure, "no failure parked; in flight: " + state.inFlight.get(c.run().workflowId())));
        checks.add(() -> assertEquals(failed.type().name() + " at " + failed.stage(),
            failure.type() + " at " + failure.stage(), failure::message));
        checks.add(() -> assertFalse(failure.message().contains(SourceBuilder.ROW_SECRET), failure::message));
      } else {
        checks.add(() -> assertNull(failure, () -> "failed: " + failure));
      }
    }
    checks.add(() -> assertTrue(state.done.containsAll(healthyKeys(connector)), "healthy runs delivered: "
        + state.done.stream().filter(k -> k.startsWith(HEALTHY + "/")).toList()));
    checks.add(() -> assertEquals(2L, rowsPerJob.get(connector).get("healthy-1"), "healthy rows"));
    assertAll(c.id(), checks.stream());
  }

  private static ConnectorSpec spec(String connector, SourceBuilder source) {
    DeliverySettings delivery = new DeliverySettings(null, Map.of(RowsCases.STRICT_WORKFLOW + ".n", CastPolicy.STRICT),
        null, false);
    return new ConnectorSpec(connector, source.root().toAbsolutePath().toString(), "local", connector + "-recipient",
        List.of(), false, delivery, new OrchestrationSettings(PARALLEL_DELIVERIES, 500, null));
  }

  /** Run {@code n} of the healthy workflow: an hour later than the one before, all after every case. */
  private static void healthy(SourceBuilder source, int runs) {
    SourceBuilder.Workflow workflow = source.workflow(HEALTHY);
    for (int i = 1; i <= runs; i++) {
      workflow.run("healthy-" + i, "2026-02-01T0" + i + ":00:00Z");
    }
    workflow.write();
  }

  private static Set<String> healthyKeys(String connector) {
    return connector.equals(REPORTED) ? Set.of("healthy/healthy-1", "healthy/healthy-2", "healthy/healthy-3")
        : Set.of("healthy/healthy-1", "healthy/healthy-2");
  }

  /** Until every case's run is delivered or parked in FAILED and the healthy runs are delivered, or the time is up. */
  private void awaitSettled(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean all = true;
      for (String connector : List.of(BACKFILLED, REPORTED)) {
        ConnectorState state = client.status(connector);
        settled.put(connector, state);
        all &= state.done.containsAll(healthyKeys(connector)) && BadInputCorpus.all().stream()
            .filter(c -> c.live() == connector.equals(REPORTED) && !(c.expected() instanceof BadInputCase.NotARun))
            .allMatch(c -> state.done.contains(c.run().key()) || state.failed.containsKey(c.run().key()));
      }
      if (all || System.nanoTime() > deadline) {
        return;
      }
      Thread.sleep(500);
    }
  }

  /** workflow_runs rows by job id. */
  private Map<String, Map<String, Object>> workflowRuns(String connector) {
    Path table = tmp.resolve("data").resolve("lakehouse").resolve(connector).resolve("workflow_runs");
    Map<String, Map<String, Object>> byJob = new HashMap<>();
    new DeltaTables(new Configuration()).readAll(table.toString()).forEach(row -> byJob.put((String) row.get("job_id"), row));
    return byJob;
  }

  private static Map<String, Long> nulledByField(Map<String, Object> runRow) {
    Object json = runRow.get("nulled_by_field");
    try {
      return json == null ? Map.of() : SourceBuilder.JSON.readValue((String) json, new TypeReference<Map<String, Long>>() { });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
