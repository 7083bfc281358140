package io.shareline.worker.bench;

import io.shareline.delivery.RunRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shareline bench delivery}: end-to-end delivery speed against the raw Parquet writer on the same
 * rows, peak heap, and many concurrent workflow deliveries in a child JVM with a 512 MB heap.
 */
@Command(name = "delivery", mixinStandardHelpOptions = true,
    description = {
      "Delivers a generated run (JSONL, ten mixed-type columns) through the real STAGE, SCHEMA and LOAD"
          + " activity code, writes the same typed rows with parquet-hadoop directly, and"
          + " prints both speeds (wall, and CPU of all threads), their ratio and peak heap.",
      "Then delivers --streams small runs concurrently in a child JVM started with -Xmx512m and prints"
          + " peak heap per concurrent stream."
    })
public final class DeliveryBenchCommand implements Callable<Integer> {

  static final String CHILD_HEAP = "-Xmx512m";

  @Option(names = "--rows", defaultValue = "1000000", description = "Rows of the end-to-end run (default ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--repeat", defaultValue = "3",
      description = "Measured deliveries of the run, after one warm-up of the same size; figures are medians (default ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--streams", defaultValue = "1000", description = "Concurrent workflow deliveries (default ${DEFAULT-VALUE}; 0 skips).")
  int streams;

  @Option(names = "--stream-rows", defaultValue = "200", description = "Rows of each concurrent run (default ${DEFAULT-VALUE}).")
  int streamRows;

  @Option(names = "--threads", description = "Pool size for the concurrent deliveries (default: one per stream).")
  Integer threads;

  @Option(names = "--dir", description = "Work folder, kept afterwards (default: a temporary folder, deleted).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    try (WorkFolder work = WorkFolder.open(dir, "bench-")) {
      return run(work.path());
    }
  }

  private int run(Path work) throws Exception {
    if (repeat < 1 || rows < 1) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--rows and --repeat must be at least 1");
    }
    int pool = threads != null ? threads : Math.max(1, streams);
    System.out.printf("Shareline delivery bench: %s, max heap %s, work folder %s%n", Machine.describe(),
        HeapPeaks.mb(Runtime.getRuntime().maxMemory()), work);

    BenchSource source = new BenchSource(work.resolve("source"));
    // The first delivery pays for class loading and JIT compilation, which goes on well past 50,000 rows:
    // warm up on a run as large as the measured ones, then time --repeat deliveries and take medians.
    List<Measured> runs = new ArrayList<>();
    BenchDelivery delivery = null;
    for (int i = 0; i <= repeat; i++) {
      RunRef run = source.writeRun("bench-delivery", "job-" + i, rows, 42L);
      if (delivery == null) {
        delivery = BenchDelivery.provision(source.root(), work.resolve("data"), "bench");
      }
      HeapPeaks.reset();
      BenchDelivery.StageTimes e2e = delivery.deliver(run);
      long peak = HeapPeaks.peak();
      PhaseSplit split = new PhaseSplit(source.root(), run);
      split.measure(work.resolve("scratch-" + i));
      if (i > 0) {
        runs.add(new Measured(e2e, split, peak));
      }
    }
    // Wall time is the figure: STAGE parses on a reader thread while its caller writes, so the work of a
    // delivery is spread over two cores. CPU is the whole process's (every thread, the collector's too).
    List<Measured> byE2e = runs.stream().sorted(Comparator.comparingLong(m -> m.e2e().total().wallNanos())).toList();
    Measured median = byE2e.get(byE2e.size() / 2);
    BenchDelivery.StageTimes e2e = median.e2e();
    PhaseSplit split = median.split();
    Timing raw = runs.stream().map(m -> m.split().rawWrite()).sorted(Comparator.comparingLong(Timing::wallNanos))
        .toList().get(runs.size() / 2);

    double e2eWall = e2e.total().rowsPerSecond(rows, false);
    double e2eCpuRate = e2e.total().rowsPerProcessCpuSecond(rows);
    double rawWall = raw.rowsPerSecond(rows, false);
    double rawCpu = raw.rowsPerProcessCpuSecond(rows);
    System.out.printf("%n%-54s %14s %14s%n", "one run of " + String.format("%,d", rows) + " rows, median of "
        + repeat, "rows/s wall", "rows/s CPU");
    row("end-to-end STAGE+SCHEMA+LOAD, JSONL to Delta commit", e2eWall, e2eCpuRate);
    row("raw parquet-hadoop write, SNAPPY, pre-cast rows", rawWall, rawCpu);
    System.out.printf("%-54s %14.2f %14.2f   (target >= 0.8 wall)%n", "ratio end-to-end / raw", e2eWall / rawWall,
        e2eCpuRate / rawCpu);
    System.out.printf("%-54s %s%n", "  each delivery's ratio to its own raw write, wall", runs.stream()
        .map(m -> String.format("%.2f", (double) m.split().rawWrite().wallNanos() / m.e2e().total().wallNanos()))
        .collect(Collectors.joining(" ")));
    System.out.printf("%-54s %s%n", "  each delivery's ratio to its own raw write, CPU", runs.stream()
        .map(m -> String.format("%.2f", (double) m.split().rawWrite().processCpuNanos() / m.e2e().total().processCpuNanos()))
        .collect(Collectors.joining(" ")));
    System.out.printf("%-54s %14s   (sum of heap pool peaks; max heap %s)%n", "peak heap, end-to-end",
        HeapPeaks.mb(runs.stream().mapToLong(Measured::peakHeap).max().orElse(0)),
        HeapPeaks.mb(Runtime.getRuntime().maxMemory()));

    System.out.printf("%nphase split (same rows, the median delivery)%n");
    phase("STAGE (parse + cast + Parquet write)", e2e.stage());
    phase("  JSON parse + cast off the tokens (STAGE's reader)", split.parseAndCast());
    phase("    of which reading the JSON tokens alone", split.tokens());
    phase("  Parquet write of the typed rows (STAGE's writer)", split.write());
    phase("  (raw parquet-hadoop write, " + HeapPeaks.mb(split.rawBytes()) + ")", split.rawWrite());
    phase("SCHEMA (version table, registry, metadata)", e2e.schema());
    phase("LOAD (copy into table + commit)", e2e.load());

    if (streams > 0) {
      streams(work.resolve("streams"), pool);
    }
    System.out.printf("%ncommand: shareline bench delivery --rows %d --repeat %d --streams %d --stream-rows %d --threads %d%n",
        rows, repeat, streams, streamRows, pool);
    return 0;
  }

  private void streams(Path work, int pool) throws IOException, InterruptedException {
    Files.createDirectories(work);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = List.of(java, CHILD_HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
        BenchStreams.class.getName(), work.toString(), Integer.toString(streams), Integer.toString(streamRows),
        Integer.toString(pool));
    Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Map<String, String> figures = new HashMap<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        int eq = line.indexOf('=');
        if (eq > 0 && line.substring(0, eq).matches("[a-z_]+")) {
          figures.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    int exit = child.waitFor();
    if (exit != 0 || !figures.containsKey("completed")) {
      throw new IllegalStateException("the concurrent-streams JVM (" + CHILD_HEAP + ", " + pool + " threads) exited with "
          + exit + " before reporting" + (exit == 3 ? ": out of heap" : ""));
    }
    long peak = Long.parseLong(figures.get("peak_bytes"));
    long live = Long.parseLong(figures.get("peak_live_bytes"));
    long baseline = Long.parseLong(figures.get("baseline_bytes"));
    int concurrent = Math.max(1, Integer.parseInt(figures.get("max_concurrent")));
    System.out.printf("%n%d workflows delivered concurrently (STAGE+SCHEMA+LOAD), child JVM %s, pool of %d threads%n",
        streams, CHILD_HEAP, pool);
    System.out.printf("  completed streams      %s of %d, %s rows, wall %.1f s%n", figures.get("completed"), streams,
        figures.get("rows"), Long.parseLong(figures.get("wall_ms")) / 1000.0);
    long maxHeap = Long.parseLong(figures.get("max_heap_bytes"));
    System.out.printf("  max concurrent         %d streams between STAGE start and LOAD commit, %s inside STAGE at once%n",
        concurrent, figures.getOrDefault("max_staging", "?"));
    System.out.printf("  heap                   baseline live %s, max heap %s, sum of pool peaks %s%n",
        HeapPeaks.mb(baseline), HeapPeaks.mb(maxHeap), HeapPeaks.mb(peak));
    // The heap can never hold more than its maximum: with every stream under way at once and all completed,
    // what the streams used together is at most the maximum minus what was live before they started.
    System.out.printf("  peak heap per stream   <= %.3f MB   (target <= 0.5 MB; (max heap - baseline) / max concurrent,"
        + " a bound: the JVM cannot use more than its maximum)%n", Math.max(0, maxHeap - baseline) / 1048576.0 / concurrent);
    System.out.printf("  live per stream           %.3f MB   ((peak live after GC - baseline) / max concurrent)%n",
        Math.max(0, live - baseline) / 1048576.0 / concurrent);
    if (!figures.getOrDefault("first_failure", "").isEmpty()) {
      System.out.println("  first failure          " + figures.get("first_failure"));
    }
  }

  /** One measured delivery and the phase split of its rows. */
  private record Measured(BenchDelivery.StageTimes e2e, PhaseSplit split, long peakHeap) {}

  private static void row(String label, double wall, double cpu) {
    System.out.printf("%-54s %,14.0f %,14.0f%n", label, wall, cpu);
  }

  private static void phase(String label, Timing t) {
    System.out.printf("  %-52s %8.2f s wall %8.2f s CPU%n", label, t.wallNanos() / 1e9, t.processCpuNanos() / 1e9);
  }
}
