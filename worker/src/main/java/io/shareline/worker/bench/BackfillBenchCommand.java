package io.shareline.worker.bench;

import io.shareline.client.SharelineClient;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.ConnectorStatus;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.DeliveryStage;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.TableInfo;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.ledger.Ledger;
import io.shareline.worker.config.Setting;
import io.shareline.worker.config.WorkerOptions;
import io.shareline.worker.config.WorkerSettings;
import io.shareline.worker.config.WorkerWiring;
import io.shareline.worker.process.WorkerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shareline bench backfill}: onboarding a connector over a long history, from {@code connector create}
 * to ACTIVE with every run delivered: wall time, runs per second, and what the delivery left behind (ledger
 * files, commits of the shared metadata table).
 */
@Command(name = "backfill", mixinStandardHelpOptions = true, modelTransformer = WorkerOptions.ForBench.class,
    description = {
      "Writes a source of --runs historical runs of --rows rows over --workflows workflows, starts an embedded"
          + " server and worker, creates a local connector over it and times it from `connector create` to ACTIVE"
          + " with every run delivered. Prints the time, runs/s, the ledger's files and the commits of"
          + " workflow_runs, with the machine, and each stage's time from the ledger."
    })
public final class BackfillBenchCommand implements Callable<Integer> {
  private static final String CONNECTOR = "backfill";

  @Option(names = "--runs", defaultValue = "10000", description = "Historical runs (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--workflows", defaultValue = "5", description = "Workflows they belong to (default ${DEFAULT-VALUE}).")
  int workflows;

  @Option(names = "--rows", defaultValue = "20", description = "Rows per run (default ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--timeout-minutes", defaultValue = "60", description = "Give up after (default ${DEFAULT-VALUE}).")
  int timeoutMinutes;

  @Option(names = "--dir", description = "Work folder, kept afterwards (default: a temporary folder, deleted).")
  Path dir;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (WorkFolder work = WorkFolder.open(dir, "backfill-")) {
      WorkerOptions options = WorkerOptions.of(spec);
      options.use(Setting.DATA_DIR, work.path().resolve("data").toString());
      WorkerSettings settings = options.oneShotSettings();
      System.out.printf("Shareline backfill bench: %s, %d runs x %d rows over %d workflows, work folder %s%n",
          Machine.describe(), runs, rows, workflows, work.path());
      BenchSource source = new BenchSource(work.path().resolve("source"));
      for (int i = 0; i < runs; i++) {
        source.writeRun("wf" + (i % workflows), String.format("h-%06d", i), rows, i);
      }
      try (WorkerProcess process = WorkerProcess.start(settings, true)) {
        SharelineClient client = new SharelineClient(process.connection().client());
        long start = System.nanoTime();
        client.createConnector(new ConnectorSpec(CONNECTOR, source.root().toAbsolutePath().toString(), "local", null,
            null, false));
        ConnectorState state = awaitActive(client, start);
        double seconds = (System.nanoTime() - start) / 1e9;
        Lakehouse lakehouse = new Lakehouse(settings.dataDir(), WorkerWiring.hadoopConfiguration(settings));
        TableInfo runsTable = new DeltaTables(lakehouse.conf()).info(lakehouse.tablePath(CONNECTOR, MetadataTables.RUNS));
        System.out.printf("create to ACTIVE: %.1f s, %.1f runs/s; %d runs delivered, %d rows in %s (%d commits);"
            + " ledger %d files%n", seconds, runs / seconds, state.runsDelivered(), runsTable.rowCount(),
            MetadataTables.RUNS, runsTable.version() + 1, files(Path.of(lakehouse.internalPath(CONNECTOR, "ledger"))));
        printStages(new Ledger(lakehouse).all(CONNECTOR));
        if (runsTable.rowCount() != runs) {
          throw new IllegalStateException(MetadataTables.RUNS + " holds " + runsTable.rowCount() + " rows, not " + runs);
        }
      }
      return 0;
    }
  }

  private ConnectorState awaitActive(SharelineClient client, long start) throws InterruptedException {
    long deadline = start + Duration.ofMinutes(timeoutMinutes).toNanos();
    long nextReport = System.nanoTime();
    while (System.nanoTime() < deadline) {
      ConnectorState state = client.status(CONNECTOR);
      if (state.status() == ConnectorStatus.ACTIVE && state.isIdle() && state.runsDelivered() >= runs) {
        return state;
      }
      if (System.nanoTime() >= nextReport) {
        System.out.printf("  %.0f s: %s, %d runs delivered%n", (System.nanoTime() - start) / 1e9, state.status(),
            state.runsDelivered());
        nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("connector " + CONNECTOR + " was not ACTIVE with " + runs + " runs delivered in "
        + timeoutMinutes + " minutes");
  }

  /**
   * Per stage, from the ledger: the stage's activity bodies as intervals (a batch stage's one interval counts
   * once, however many runs it recorded), their sum and median. SCHEMA to VERIFY run under the connector's
   * commit lock, one batch at a time, so their sum is the part of the wall time no parallelism shortens.
   */
  private static void printStages(List<Ledger.Attempt> attempts) {
    Map<String, Map<List<Object>, Duration>> byStage = new TreeMap<>(Comparator.comparing(DeliveryStage::valueOf));
    for (Ledger.Attempt a : attempts) {
      if (a.endedAt() != null) {
        byStage.computeIfAbsent(a.stage(), s -> new HashMap<>()).put(
            List.of(a.workflowId(), a.attempt(), a.startedAt(), a.endedAt()), Duration.between(a.startedAt(), a.endedAt()));
      }
    }
    Duration locked = Duration.ZERO;
    for (Map.Entry<String, Map<List<Object>, Duration>> stage : byStage.entrySet()) {
      List<Duration> times = stage.getValue().values().stream().sorted().toList();
      Duration sum = times.stream().reduce(Duration.ZERO, Duration::plus);
      if (DeliveryStage.valueOf(stage.getKey()).needsCommitLock() || stage.getKey().equals("LOAD")) {
        locked = locked.plus(sum);
      }
      System.out.printf("  %-7s %6d bodies, sum %7.1f s, median %6d ms, max %6d ms%n", stage.getKey(), times.size(),
          sum.toMillis() / 1e3, times.get(times.size() / 2).toMillis(), times.get(times.size() - 1).toMillis());
    }
    System.out.printf("  SCHEMA..VERIFY (under the commit lock): %.1f s%n", locked.toMillis() / 1e3);
  }

  private static long files(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> all = Files.walk(folder)) {
      return all.filter(Files::isRegularFile).count();
    }
  }
}
