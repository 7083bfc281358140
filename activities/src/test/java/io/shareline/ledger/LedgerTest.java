package io.shareline.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shareline.lakehouse.Lakehouse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every scheduling of a stage keeps its own record, though Temporal numbers each one's attempts from 1. */
class LedgerTest {

  @TempDir Path tmp;

  @Test
  void aStageScheduledAgainAfterAnOperatorRetryDoesNotOverwriteTheFirstRecord() {
    Ledger ledger = new Ledger(new Lakehouse(tmp.toString(), new Configuration()));
    Instant first = Instant.parse("2026-11-23T10:00:00Z");
    Instant second = Instant.parse("2026-11-23T10:05:00Z");
    ledger.write(attempt(first, null, "RUNNING", null));
    ledger.write(attempt(first, first.plusSeconds(2), "FAILED", "STORAGE_TRANSIENT"));
    ledger.write(attempt(second, null, "RUNNING", null));
    ledger.write(attempt(second, second.plusSeconds(1), "SUCCEEDED", null));

    List<Ledger.Attempt> attempts = ledger.attempts("acme", "wf", "job-1");
    assertEquals(List.of("FAILED", "SUCCEEDED"), attempts.stream().map(Ledger.Attempt::outcome).toList());
    assertEquals(List.of(first, second), attempts.stream().map(Ledger.Attempt::startedAt).toList());
  }

  private static Ledger.Attempt attempt(Instant started, Instant ended, String outcome, String failureType) {
    return new Ledger.Attempt("acme", "wf", "job-1", "LOAD", 1, started, ended, outcome, failureType,
        failureType == null ? null : "store unreachable");
  }
}
