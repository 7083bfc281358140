package io.shareline.worker.bench;

import io.shareline.delta.DeltaTables;
import io.shareline.delta.LocalLogStore;
import io.shareline.delta.LogSegmentInfo;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.ledger.Ledger;
import io.shareline.ledger.Ledger.Attempt;
import io.shareline.ledger.Ledger.Query;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shareline bench ledger}: writing and reading the delivery ledger of a long backfill. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
    description = {
      "Records the stage attempts of --runs runs over --workflows workflows as a backfill does: batches of"
          + " --batch consecutive runs of one workflow, each of the --stages stages written once per batch when"
          + " it ends (one commit for the whole batch). The LOAD of every batch starting at a multiple of 100"
          + " runs fails once first. --writers threads write at once, each with its own Delta engine, as"
          + " separate worker processes would.",
      "Then, as a new process, reads one run's attempts, one workflow's stage, the failed attempts and the"
          + " whole ledger: first read and median of --reads, with the files and commits the table holds."
    })
public final class LedgerBenchCommand implements Callable<Integer> {

  private static final String CONNECTOR = "bench";
  private static final String[] STAGES = {"STAGE", "SCHEMA", "LOAD", "PUBLISH", "SHARE", "VERIFY"};

  @Option(names = "--runs", defaultValue = "20000",
      description = "Runs delivered (default ${DEFAULT-VALUE}: 120,000 stage attempts and more).")
  int runs;

  @Option(names = "--workflows", defaultValue = "5", description = "Source workflows (default ${DEFAULT-VALUE}).")
  int workflows;

  @Option(names = "--batch", defaultValue = "50", description = "Runs per batch; 1 is a live run (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--stages", defaultValue = "6", description = "Stages per delivery, at most 6 (default ${DEFAULT-VALUE}).")
  int stages;

  @Option(names = "--writers", defaultValue = "2", description = "Concurrent writers (default ${DEFAULT-VALUE}).")
  int writers;

  @Option(names = "--reads", defaultValue = "11", description = "Timed reads after the first of each kind (default ${DEFAULT-VALUE}).")
  int reads;

  @Option(names = "--dir", description = "Work folder, kept afterwards (default: a temporary folder, deleted).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    try (WorkFolder work = WorkFolder.open(dir, "ledger-")) {
      run(work.path());
      return 0;
    }
  }

  private void run(Path work) throws Exception {
    System.out.printf("Shareline ledger bench: %s, work folder %s%n", Machine.describe(), work);
    Lakehouse lakehouse = new Lakehouse(work.toString(), new Configuration());
    List<List<Write>> plan = plan();
    long attempts = plan.stream().flatMap(List::stream).mapToLong(w -> w.attempts().size()).sum();
    long writes = plan.stream().mapToLong(List::size).sum();

    Timing.Start clock = Timing.start();
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> done = new ArrayList<>();
    for (List<Write> share : plan) {
      Ledger own = new Ledger(lakehouse);
      done.add(pool.submit(() -> share.forEach(w -> own.write(w.attempts()))));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    double seconds = clock.stop().wallNanos() / 1e9;
    System.out.printf("%nwrite: %,d attempts in %,d writes (commits) by %d writers: %.1f s, %,.0f attempts/s,"
        + " %.1f commits/s, %.1f ms per commit per writer%n", attempts, writes, writers, seconds, attempts / seconds,
        writes / seconds, seconds * 1000 * writers / writes);

    String table = lakehouse.internalPath(CONNECTOR, "ledger");
    LogSegmentInfo segment = new DeltaTables(new Configuration()).logSegment(table);
    System.out.printf("table: version %,d, %,d data files, last checkpoint %s, %d commits replayed after it%n",
        segment.version(), count(work.resolve("internal/" + CONNECTOR + "/ledger/_attempts")),
        segment.checkpointVersion().map(String::valueOf).orElse("none"), segment.deltasReplayed());

    // As a new process: a new engine, and LocalLogStore has not seen the log folder yet.
    LocalLogStore.forgetFolders();
    Ledger reader = new Ledger(lakehouse);
    String job = jobId(0, runs / workflows / 2);
    System.out.printf("%n%-52s %10s %12s %10s%n", "read", "first ms", "median ms", "attempts");
    time("attempts(connector, workflow, job)", () -> reader.attempts(CONNECTOR, workflowId(0), job));
    time("find(workflow, stage LOAD)", () -> reader.find(new Query(CONNECTOR, workflowId(0), null, "LOAD", null)));
    time("find(outcome FAILED)", () -> reader.find(new Query(CONNECTOR, null, null, null, "FAILED")));
    time("all(connector)", () -> reader.all(CONNECTOR));
    System.out.printf("%ncommand: shareline bench ledger --runs %d --workflows %d --batch %d --stages %d --writers %d%n",
        runs, workflows, batch, stages, writers);
  }

  /** Writes in order for each writer: workflows dealt out round-robin, batches in order, stages in order. */
  private List<List<Write>> plan() {
    List<List<Write>> byWriter = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      byWriter.add(new ArrayList<>());
    }
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    int perWorkflow = runs / workflows;
    for (int wf = 0; wf < workflows; wf++) {
      for (int first = 0; first < perWorkflow; first += batch) {
        int last = Math.min(perWorkflow, first + batch);
        for (String stage : Arrays.copyOf(STAGES, Math.min(stages, STAGES.length))) {
          t = t.plusMillis(10);
          List<Write> writes = byWriter.get(wf % writers);
          int attempt = 1;
          if (stage.equals("LOAD") && first % 100 == 0) {
            writes.add(new Write(attempts(wf, first, last, stage, t, attempt++, "FAILED")));
            t = t.plusMillis(10);
          }
          writes.add(new Write(attempts(wf, first, last, stage, t, attempt, "SUCCEEDED")));
        }
      }
    }
    return byWriter;
  }

  private static List<Attempt> attempts(int wf, int first, int last, String stage, Instant started, int attempt,
      String outcome) {
    List<Attempt> out = new ArrayList<>(last - first);
    for (int run = first; run < last; run++) {
      boolean failed = outcome.equals("FAILED");
      out.add(new Attempt(CONNECTOR, workflowId(wf), jobId(wf, run), stage, attempt, started, started.plusMillis(5),
          outcome, failed ? "STORAGE_TRANSIENT" : null, failed ? "connection reset while committing" : null));
    }
    return out;
  }

  private static String workflowId(int wf) {
    return "wf-" + wf;
  }

  private static String jobId(int wf, int run) {
    return String.format("job-%d-%06d", wf, run);
  }

  private void time(String label, Supplier<List<Attempt>> read) {
    Timing.Start clock = Timing.start();
    int found = read.get().size();
    double first = clock.stop().wallNanos() / 1e6;
    double[] ms = new double[Math.max(1, reads)];
    for (int i = 0; i < ms.length; i++) {
      Timing.Start again = Timing.start();
      read.get();
      ms[i] = again.stop().wallNanos() / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf("%-52s %10.1f %12.1f %,10d%n", label, first, ms[ms.length / 2], found);
  }

  private static long count(Path folder) throws java.io.IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".parquet")).count();
    }
  }

  private record Write(List<Attempt> attempts) {}
}
