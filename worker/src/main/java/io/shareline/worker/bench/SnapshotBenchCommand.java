package io.shareline.worker.bench;

import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.LocalLogStore;
import io.shareline.delta.LogSegmentInfo;
import io.shareline.delta.WrittenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shareline bench snapshot}: how a version table's snapshot load and transaction-id lookup grow
 * with the number of deliveries it has taken, checkpoints included.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = {
      "Builds a table with --deliveries small appends, one per delivery, each committed like a real LOAD"
          + " (its file copied into the table, then a Delta commit tagged with the job's transaction id"
          + " job:<id>, post-commit hooks run), and prints commits per second while building.",
      "Then loads the snapshot of a fresh table (one delivery) and of the grown table: the first load in a"
          + " new engine and the median of --loads more, wall and CPU; the same for the transaction-id lookup"
          + " every LOAD makes; the commits replayed after the last checkpoint and the checkpoints on disk."
    })
public final class SnapshotBenchCommand implements Callable<Integer> {

  private static final StructType SCHEMA = new StructType()
      .add("title", StringType.STRING)
      .add("reviews", LongType.LONG)
      .add("seen_at", TimestampType.TIMESTAMP)
      .add("shareline_job_id", StringType.STRING, false);

  @Option(names = "--deliveries", defaultValue = "10000",
      description = "Deliveries (commits) appended to the grown table (default ${DEFAULT-VALUE}).")
  int deliveries;

  @Option(names = "--rows", defaultValue = "20", description = "Rows in each delivery's data file (default ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--loads", defaultValue = "21",
      description = "Timed snapshot loads per table after the first; the median is printed (default ${DEFAULT-VALUE}).")
  int loads;

  @Option(names = "--report-every", defaultValue = "1000",
      description = "Print the commit rate every this many deliveries while building (default ${DEFAULT-VALUE}).")
  int reportEvery;

  @Option(names = "--dir", description = "Work folder, kept afterwards (default: a temporary folder, deleted).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    try (WorkFolder work = WorkFolder.open(dir, "snapshot-")) {
      run(work.path());
      return 0;
    }
  }

  private void run(Path work) throws IOException {
    System.out.printf("Shareline snapshot bench: %s, checkpoint every %d commits, work folder %s%n",
        Machine.describe(), DeltaTables.CHECKPOINT_INTERVAL, work);
    DeltaTables tables = new DeltaTables(new Configuration());
    List<WrittenFile> staged = tables.writeParquet(work.resolve("staging").toUri().toString(), SCHEMA,
        LongStream.range(0, rows).mapToObj(i -> new Object[] {"item #" + i, i * 7, 1_790_000_000_000_000L + i, "job"})
            .iterator(), Math.max(1, rows));
    String fresh = work.resolve("tables/fresh").toUri().toString();
    String grown = work.resolve("tables/grown").toUri().toString();
    tables.createIfAbsent(fresh, SCHEMA, Map.of());
    tables.createIfAbsent(grown, SCHEMA, Map.of());
    deliver(tables, fresh, staged, 1);

    System.out.printf("%nbuilding: %,d deliveries of %d rows, one commit each%n", deliveries, rows);
    long started = System.nanoTime();
    long chunkStarted = started;
    for (int job = 1; job <= deliveries; job++) {
      deliver(tables, grown, staged, job);
      if (job % reportEvery == 0 || job == deliveries) {
        long now = System.nanoTime();
        int inChunk = job % reportEvery == 0 ? reportEvery : job % reportEvery;
        System.out.printf("  %,7d deliveries  %7.1f commits/s (last %,d)  %7.1f commits/s overall%n", job,
            inChunk * 1e9 / (now - chunkStarted), inChunk, job * 1e9 / (now - started));
        chunkStarted = now;
      }
    }
    double buildSeconds = (System.nanoTime() - started) / 1e9;

    Figures young = measure(fresh, "job:1");
    Figures old = measure(grown, "job:1");
    System.out.printf("%n%-44s %16s %16s%n", "", "fresh table", String.format("after %,d", deliveries));
    print("Delta version", young.version, old.version);
    print("snapshot load, first in a new process (ms)", young.firstLoad.wallNanos() / 1e6, old.firstLoad.wallNanos() / 1e6);
    print("snapshot load, median wall (ms)", young.loads.medianWallMillis(), old.loads.medianWallMillis());
    print("snapshot load, median CPU (ms)", young.loads.medianCpuMillis(), old.loads.medianCpuMillis());
    print("txn id lookup (load + job:1), median wall (ms)", young.lookups.medianWallMillis(),
        old.lookups.medianWallMillis());
    print("txn id lookup, median CPU (ms)", young.lookups.medianCpuMillis(), old.lookups.medianCpuMillis());
    print("last checkpoint version", young.segment.checkpointVersion().orElse(-1L), old.segment.checkpointVersion()
        .orElse(-1L));
    print("commit files replayed after it", young.segment.deltasReplayed(), old.segment.deltasReplayed());
    print("checkpoints on disk", young.checkpoints, old.checkpoints);
    print("_delta_log entries on disk", young.logEntries, old.logEntries);
    System.out.printf("%nbuild: %,d commits in %.1f s, %.1f commits/s%n", deliveries, buildSeconds,
        deliveries / buildSeconds);
    System.out.printf("command: shareline bench snapshot --deliveries %d --rows %d --loads %d%n", deliveries, rows, loads);
  }

  /** The LOAD path of one delivery: copy its file under the table, commit once under the job's txn id. */
  private static void deliver(DeltaTables tables, String table, List<WrittenFile> staged, int job) {
    String jobId = "bench-" + job;
    tables.appendFiles(table, tables.copyInto(table, staged, "job-" + jobId), "job:" + jobId, 1);
  }

  private Figures measure(String table, String appId) throws IOException {
    DeltaTables engine = new DeltaTables(new Configuration());
    // As a new worker process: LocalLogStore has not seen the folder yet and enumerates it once.
    LocalLogStore.forgetFolders();
    Timing.Start clock = Timing.start();
    long version = engine.latestVersion(table);
    Timing first = clock.stop();
    Samples loadSamples = Samples.of(loads, () -> engine.latestVersion(table));
    Samples lookupSamples = Samples.of(loads, () -> engine.transactionVersion(table, appId).orElse(-1L));
    Path log = Path.of(java.net.URI.create(table)).resolve("_delta_log");
    long checkpoints;
    long entries;
    try (Stream<Path> files = Files.list(log)) {
      List<String> names = files.map(p -> p.getFileName().toString()).toList();
      checkpoints = names.stream().filter(n -> n.endsWith(".checkpoint.parquet")).count();
      entries = names.size();
    }
    return new Figures(version, first, loadSamples, lookupSamples, engine.logSegment(table), checkpoints, entries);
  }

  private record Figures(long version, Timing firstLoad, Samples loads, Samples lookups, LogSegmentInfo segment,
      long checkpoints, long logEntries) {}

  /** Repeated timings of one action. */
  private record Samples(long[] wall, long[] cpu) {
    static Samples of(int count, LongSupplier action) {
      long[] wall = new long[Math.max(1, count)];
      long[] cpu = new long[wall.length];
      for (int i = 0; i < wall.length; i++) {
        Timing.Start clock = Timing.start();
        action.getAsLong();
        Timing t = clock.stop();
        wall[i] = t.wallNanos();
        cpu[i] = t.cpuNanos();
      }
      return new Samples(wall, cpu);
    }

    double medianWallMillis() {
      return median(wall);
    }

    double medianCpuMillis() {
      return median(cpu);
    }

    private static double median(long[] nanos) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return sorted[sorted.length / 2] / 1e6;
    }
  }

  private static void print(String label, double young, double old) {
    System.out.printf("%-44s %16.1f %16.1f%n", label, young, old);
  }

  private static void print(String label, long young, long old) {
    System.out.printf("%-44s %,16d %,16d%n", label, young, old);
  }
}
