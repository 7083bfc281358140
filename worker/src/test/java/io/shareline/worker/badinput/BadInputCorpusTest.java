package io.shareline.worker.badinput;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.type.TypeReference;
import io.shareline.client.SharelineClient;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.connector.spec.DeliverySettings.CastPolicy;
import io.shareline.connector.spec.DeliverySettings;
import io.shareline.connector.spec.OrchestrationSettings;
import io.shareline.delivery.DeliveryState.StageFailure;
import io.shareline.delivery.DeliveryState.Status;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunRef;
import io.shareline.delta.DeltaTables;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.worker.PublishedTables;
import io.shareline.worker.badinput.BadInputCase.Delivered;
import io.shareline.worker.badinput.BadInputCase.Failed;
import io.shareline.worker.config.WorkerSettings;
import io.shareline.worker.process.WorkerProcess;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
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

  /** Cases found in the history are spread over this many connectors: each has its own commit lock. */
  private static final int BACKFILLED_CONNECTORS = 6;
  private static final String REPORTED = "corpus-live";
  private static final String HEALTHY = "healthy";
  /** Above the number of cases, so every case of a connector can be in delivery (or parked in FAILED) at once. */
  private static final int PARALLEL_DELIVERIES = 200;

  @TempDir static Path tmp;
  private WorkerProcess process;
  private SharelineClient client;
  /** Each case's and healthy run's delivery, by connector and run key, as the client's deliveryStatus last read it. */
  private final Map<String, Map<String, DeliveryState>> deliveries = new HashMap<>();
  private final Map<String, Map<String, Long>> rowsPerJob = new HashMap<>();
  private final Map<String, Map<String, Map<String, Object>>> runRows = new HashMap<>();

  static Stream<BadInputCase> corpus() {
    return BadInputCorpus.all().stream();
  }

  @BeforeAll
  @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
  void deliverEveryCase() throws Exception {
    Map<String, CorpusSource> sources = new HashMap<>();
    connectors().forEach(connector -> {
      sources.put(connector, new CorpusSource(tmp.resolve("sources").resolve(connector)));
      healthy(sources.get(connector), 2);
    });
    BadInputCorpus.all().forEach(c -> c.build().accept(sources.get(connectorOf(c))));
    Map<String, String> flags = Map.of("data-dir", tmp.resolve("data").toString(), "port", "0", "shutdown-grace", "2s",
        "max-concurrent-activities", "8");
    process = WorkerProcess.start(WorkerSettings.resolve(new WorkerSettings.Flags(flags, null), Map.of()), true);
    client = new SharelineClient(process.connection().client());

    // The healthy newest run is reported first, so it is the first live delivery; every case is history.
    connectors().forEach(connector -> client.runCompleted(spec(connector, sources.get(connector)),
        new RunRef(HEALTHY, "healthy-2")));
    client.awaitIdle(REPORTED, Duration.ofMinutes(2));
    BadInputCorpus.all().stream().filter(BadInputCase::live).forEach(c -> client.runCompleted(REPORTED, c.run()));
    healthy(sources.get(REPORTED), 3);
    client.runCompleted(REPORTED, new RunRef(HEALTHY, "healthy-3"));

    // docs/bad-input.md's table comes from the corpus itself.
    Files.writeString(Path.of("target", "bad-input-table.md"), BadInputCorpus.table());
    awaitSettled(Duration.ofSeconds(150));
    for (String connector : connectors()) {
      rowsPerJob.put(connector, new PublishedTables(tmp.resolve("data"), connector).versionTableRowsPerJob());
      runRows.put(connector, workflowRuns(connector));
    }
  }

  private static List<String> connectors() {
    List<String> all = new ArrayList<>();
    for (int i = 1; i <= BACKFILLED_CONNECTORS; i++) {
      all.add("corpus-" + i);
    }
    all.add(REPORTED);
    return all;
  }

  private static String connectorOf(BadInputCase c) {
    return c.live() ? REPORTED : "corpus-" + (1 + BadInputCorpus.all().indexOf(c) % BACKFILLED_CONNECTORS);
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
    String connector = connectorOf(c);
    DeliveryState delivery = deliveries.get(connector).get(c.run().key());
    Status status = delivery == null ? null : delivery.status();
    StageFailure failure = delivery == null ? null : delivery.failure();
    Long rows = rowsPerJob.get(connector).get(c.run().jobId());
    Map<String, Object> runRow = runRows.get(connector).get(c.run().jobId());
    List<Executable> checks = new ArrayList<>();
    if (c.expected() instanceof Delivered delivered) {
      checks.add(() -> assertEquals(Status.DELIVERED, status, () -> "failure: " + failure));
      checks.add(() -> assertEquals(delivered.rows(), rows == null ? 0 : rows, "rows in the version tables"));
      checks.add(() -> assertNotNull(runRow, "no workflow_runs row"));
      checks.add(() -> assertEquals(delivered.rows(), runRow == null ? null : runRow.get("row_count"), "workflow_runs.row_count"));
      checks.add(() -> assertEquals(delivered.nulls(), nulledByField(runRow), "workflow_runs.nulled_by_field"));
      if (delivered.column() != null) {
        checks.add(() -> assertEquals(delivered.values(), columnValues(connector, c.run(), delivered.column()),
            delivered.column()));
      }
    } else {
      checks.add(() -> assertNull(rows, "rows published"));
      checks.add(() -> assertNull(runRow, "workflow_runs row published"));
      if (c.expected() instanceof Failed failed) {
        checks.add(() -> assertEquals(Status.FAILED, status, "delivery status"));
        checks.add(() -> assertEquals(failed.type().name() + " at " + failed.stage(),
            failure == null ? null : failure.type() + " at " + failure.stage(), () -> failure.message()));
        checks.add(() -> assertFalse(failure != null && failure.message().contains(CorpusSource.ROW_SECRET),
            () -> failure.message()));
      } else {
        checks.add(() -> assertNull(delivery, () -> "a delivery started: " + delivery));
      }
    }
    checks.add(() -> assertEquals(healthyKeys(connector), healthyKeys(connector).stream()
        .filter(key -> deliveries.get(connector).get(key) != null
            && deliveries.get(connector).get(key).status() == Status.DELIVERED).collect(Collectors.toSet()),
        "healthy runs delivered"));
    checks.add(() -> assertEquals(2L, rowsPerJob.get(connector).get("healthy-1"), "healthy rows"));
    assertAll(c.id(), checks.stream());
  }

  private static ConnectorSpec spec(String connector, CorpusSource source) {
    DeliverySettings delivery = new DeliverySettings(null, Map.of(RowsCases.STRICT_WORKFLOW + ".n", CastPolicy.STRICT),
        null, false);
    return new ConnectorSpec(connector, source.root().toAbsolutePath().toString(), "local", connector + "-recipient",
        List.of(), false, delivery, new OrchestrationSettings(PARALLEL_DELIVERIES, 500, null));
  }

  /** Run {@code n} of the healthy workflow: an hour later than the one before, all after every case. */
  private static void healthy(CorpusSource source, int runs) {
    CorpusSource.Workflow workflow = source.workflow(HEALTHY);
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
    long started = System.nanoTime();
    long reported = started;
    while (true) {
      boolean all = true;
      for (String connector : connectors()) {
        Map<String, DeliveryState> states = new HashMap<>();
        Stream.concat(healthyKeys(connector).stream().map(key -> new RunRef(HEALTHY, key.substring(HEALTHY.length() + 1))),
                BadInputCorpus.all().stream().filter(c -> connectorOf(c).equals(connector)).map(BadInputCase::run))
            .forEach(run -> client.deliveryStatus(connector, run).ifPresent(state -> states.put(run.key(), state)));
        deliveries.put(connector, states);
        all &= healthyKeys(connector).stream().allMatch(key -> states.containsKey(key)
            && states.get(key).status() == Status.DELIVERED)
            && BadInputCorpus.all().stream()
                .filter(c -> connectorOf(c).equals(connector) && !(c.expected() instanceof BadInputCase.NotARun))
                .allMatch(c -> states.containsKey(c.run().key())
                    && Set.of(Status.DELIVERED, Status.FAILED).contains(states.get(c.run().key()).status()));
      }
      long now = System.nanoTime();
      if (all || now - started > timeout.toNanos()) {
        System.out.printf("corpus settled: %s after %.1f s%n", all, (now - started) / 1e9);
        return;
      }
      if (now - reported > 10_000_000_000L) {
        reported = now;
        deliveries.forEach((connector, states) -> System.out.printf("corpus %s: %s%n", connector, states.values().stream()
            .collect(Collectors.groupingBy(DeliveryState::status, Collectors.counting()))));
      }
      Thread.sleep(500);
    }
  }

  /** What {@code column} holds in the run's rows of its workflow's first version table, in file order. */
  private List<Object> columnValues(String connector, RunRef run, String column) {
    Path table = tmp.resolve("data").resolve("lakehouse").resolve(connector).resolve(Lakehouse.versionTable(run.workflowId(), 1));
    return new DeltaTables(new Configuration()).readAll(table.toString()).stream()
        .filter(row -> run.jobId().equals(row.get("shareline_job_id"))).map(row -> row.get(column)).toList();
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
      return json == null ? Map.of() : CorpusSource.JSON.readValue((String) json, new TypeReference<Map<String, Long>>() { });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
