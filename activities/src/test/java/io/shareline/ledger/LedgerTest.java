package io.shareline.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.delta.DeltaTables;
import io.shareline.lakehouse.JsonFiles;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.ledger.Ledger.Attempt;
import io.shareline.ledger.Ledger.Query;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @TempDir Path tmp;

  private Lakehouse lakehouse() {
    return new Lakehouse(tmp.toString(), new Configuration());
  }

  private String tablePath() {
    return lakehouse().internalPath("acme", "ledger");
  }

  private static Attempt attempt(String workflow, String job, String stage, Instant started, String outcome) {
    Instant ended = outcome.equals("RUNNING") ? null : started.plusSeconds(1);
    String failure = outcome.equals("FAILED") ? "STORAGE_TRANSIENT" : null;
    return new Attempt("acme", workflow, job, stage, 1, started, ended, outcome, failure, null);
  }

  @Test
  void aStageScheduledAgainAfterAnOperatorRetryKeepsBothRecords() {
    Ledger ledger = new Ledger(lakehouse());
    Instant second = T0.plusSeconds(300);

    ledger.write(attempt("wf", "job-1", "LOAD", T0, "RUNNING"));
    ledger.write(attempt("wf", "job-1", "LOAD", T0, "FAILED"));
    ledger.write(attempt("wf", "job-1", "LOAD", second, "RUNNING"));
    ledger.write(attempt("wf", "job-1", "LOAD", second, "SUCCEEDED"));

    List<Attempt> attempts = ledger.attempts("acme", "wf", "job-1");
    assertEquals(List.of("FAILED", "SUCCEEDED"), attempts.stream().map(Attempt::outcome).toList());
    assertEquals(List.of(T0, second), attempts.stream().map(Attempt::startedAt).toList());
  }

  @Test
  void anAttemptStillRunningReadsAsRunning() {
    Ledger ledger = new Ledger(lakehouse());

    ledger.write(attempt("wf", "job-1", "STAGE", T0, "RUNNING"));

    assertEquals(List.of("RUNNING"), ledger.all("acme").stream().map(Attempt::outcome).toList());
  }

  @Test
  void aBatchStageIsOneCommitForAllItsRuns() {
    Ledger ledger = new Ledger(lakehouse());
    ledger.write(attempt("wf", "job-0", "STAGE", T0, "SUCCEEDED"));
    DeltaTables tables = new DeltaTables(new Configuration());
    long before = tables.latestVersion(tablePath());

    ledger.write(IntStream.range(1, 51).mapToObj(i -> attempt("wf", "job-" + i, "LOAD", T0, "SUCCEEDED")).toList());

    assertEquals(before + 1, tables.latestVersion(tablePath()));
    assertEquals(50, ledger.find(new Query("acme", "wf", null, "LOAD", null)).size());
  }

  @Test
  void findSelectsByWorkflowJobStageAndOutcome() {
    Ledger ledger = new Ledger(lakehouse());
    ledger.write(List.of(attempt("shop", "j1", "LOAD", T0, "SUCCEEDED"), attempt("shop", "j2", "LOAD", T0, "FAILED")));
    ledger.write(List.of(attempt("shop", "j1", "VERIFY", T0, "SUCCEEDED")));
    ledger.write(List.of(attempt("jobs", "j1", "LOAD", T0, "FAILED")));

    assertEquals(List.of("shop/j2", "jobs/j1").stream().sorted().toList(),
        keys(ledger.find(new Query("acme", null, null, "LOAD", "FAILED"))));
    assertEquals(List.of("shop/j1"), keys(ledger.find(new Query("acme", "shop", null, "VERIFY", null))));
    assertEquals(List.of("shop/j1", "shop/j1"), keys(ledger.find(new Query("acme", "shop", "j1", null, "SUCCEEDED"))));
  }

  @Test
  void aReadByOutcomeSeesTheEndThatOverridesARunningRow() {
    Ledger ledger = new Ledger(lakehouse());
    ledger.write(attempt("shop", "j1", "LOAD", T0, "RUNNING"));
    ledger.write(attempt("shop", "j1", "LOAD", T0, "FAILED"));

    assertEquals(List.of(), ledger.find(new Query("acme", null, null, null, "RUNNING")));
    assertEquals(1, ledger.find(new Query("acme", null, null, null, "FAILED")).size());
  }

  @Test
  void aReadOfOneWorkflowDoesNotOpenTheFilesOfAnother() throws Exception {
    Ledger ledger = new Ledger(lakehouse());
    ledger.write(attempt("shop", "j1", "LOAD", T0, "SUCCEEDED"));
    List<Path> shopFiles = dataFiles();
    ledger.write(attempt("jobs", "j1", "LOAD", T0, "SUCCEEDED"));
    for (Path file : dataFiles()) {
      if (!shopFiles.contains(file)) {
        Files.write(file, new byte[] {1, 2, 3});
      }
    }

    assertEquals(1, ledger.attempts("acme", "shop", "j1").size());
  }

  @Test
  void writersWithTheirOwnDeltaEnginesAppendAtOnceAndLoseNothing() throws Exception {
    new Ledger(lakehouse()).write(attempt("wf", "warm-up", "STAGE", T0, "SUCCEEDED"));
    int writers = 4;
    int writesEach = 15;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String workflow = "wf" + w;
      // A Ledger of its own: its own Delta engine and commit lock, as in another worker process.
      Ledger own = new Ledger(lakehouse());
      done.add(pool.submit(() -> {
        for (int i = 0; i < writesEach; i++) {
          own.write(List.of(attempt(workflow, "j" + i, "LOAD", T0, "SUCCEEDED"), attempt(workflow, "j" + i, "SHARE", T0, "SUCCEEDED")));
        }
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    assertEquals(1 + writers * writesEach * 2, new Ledger(lakehouse()).all("acme").size());
    assertEquals(1 + writers * writesEach, new DeltaTables(new Configuration()).latestVersion(tablePath()));
  }

  @Test
  void threadsOfOneProcessWritingAtOnceShareCommitsAndLoseNothing() throws Exception {
    Ledger ledger = new Ledger(lakehouse());
    ledger.write(attempt("wf", "warm-up", "STAGE", T0, "SUCCEEDED"));
    int threads = 8;
    int writesEach = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String workflow = "wf" + t;
      done.add(pool.submit(() -> {
        for (int i = 0; i < writesEach; i++) {
          ledger.write(attempt(workflow, "j" + i, "LOAD", T0, "SUCCEEDED"));
        }
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    assertEquals(1 + threads * writesEach, ledger.all("acme").size());
    long commits = new DeltaTables(new Configuration()).latestVersion(tablePath()) - 1;
    assertTrue(commits <= threads * writesEach, commits + " commits");
  }

  @Test
  void aLongLedgerIsReadFromACheckpoint() {
    Ledger ledger = new Ledger(lakehouse());
    for (int i = 0; i < 25; i++) {
      ledger.write(attempt("wf", "j" + i, "LOAD", T0, "SUCCEEDED"));
    }

    var segment = new DeltaTables(new Configuration()).logSegment(tablePath());
    assertTrue(segment.checkpointVersion().isPresent(), segment.toString());
    assertTrue(segment.deltasReplayed() < DeltaTables.CHECKPOINT_INTERVAL, segment.toString());
  }

  @Test
  void aLedgerKeptAsOneDocumentPerAttemptIsImportedOnFirstUse() throws Exception {
    JsonFiles json = new JsonFiles(new Configuration());
    Attempt failed = attempt("shop", "j1", "LOAD", T0, "FAILED");
    Attempt retried = attempt("shop", "j1", "LOAD", T0.plusSeconds(60), "SUCCEEDED");
    Attempt other = attempt("jobs", "j9", "STAGE", T0, "SUCCEEDED");
    for (Attempt a : List.of(failed, retried, other)) {
      json.write(lakehouse().internalPath("acme", "ledger", a.workflowId(), a.jobId(),
          a.stage() + "-001-" + a.startedAt().toEpochMilli() + ".json"), a);
    }

    Ledger ledger = new Ledger(lakehouse());

    assertEquals(List.of(failed, retried), ledger.attempts("acme", "shop", "j1"));
    assertFalse(Files.exists(tmp.resolve("internal/acme/ledger/shop")), "documents left after the import");
    assertEquals(List.of(other, failed, retried), new Ledger(lakehouse()).all("acme"));
  }

  @Test
  void readingAConnectorThatRecordedNothingLeavesNoTable() {
    assertEquals(List.of(), new Ledger(lakehouse()).all("nobody"));
    assertFalse(Files.exists(tmp.resolve("internal/nobody")));
  }

  private List<Path> dataFiles() throws Exception {
    try (var files = Files.list(tmp.resolve("internal/acme/ledger/" + LedgerTable.DATA_FOLDER))) {
      return files.filter(f -> f.toString().endsWith(".parquet")).toList();
    }
  }

  private static List<String> keys(List<Attempt> attempts) {
    return attempts.stream().map(a -> a.workflowId() + "/" + a.jobId()).toList();
  }
}
