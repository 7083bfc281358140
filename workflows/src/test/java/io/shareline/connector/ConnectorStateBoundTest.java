package io.shareline.connector;

import static io.shareline.connector.ConnectorFixtures.activeState;
import static io.shareline.connector.ConnectorFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.backfill.BackfillProgress;
import io.shareline.backfill.BackfillReport;
import io.shareline.delivery.RunRef;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The connector's state stays the same size however many runs it delivers: measured through the data
 * converter Temporal serialises it with (continue-as-new input, query result). Drives the state's intents
 * the way the connector does, without workflows: {@link ConnectorHistoryBoundTest} covers continue-as-new.
 */
class ConnectorStateBoundTest {
  static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();
  static final int BOUND = 64 * 1024;
  private static final int RUNS = 100_000;
  private static final int BACKFILLED = 50_000;
  private static final int PAGE = 100;
  /** More source workflows than keep a watermark, so the oldest ones give theirs up. */
  private static final int WORKFLOWS = FinishedRuns.WORKFLOWS + 44;

  @Test
  void aHundredThousandRunsBackfilledAndLiveLeaveTheSerialisedStateUnderSixtyFourKilobytes() {
    ConnectorState state = activeState(spec().build());
    state.backfillStarted(BackfillProgress.startedAt(0).withTotal(BACKFILLED));
    int largest = 0;
    for (int page = 0; page < BACKFILLED / PAGE; page++) {
      state.backfilled(page(page));
      largest = Math.max(largest, page % 50 == 0 ? bytes(state) : 0);
    }
    for (int i = BACKFILLED; i < RUNS; i++) {
      deliverLive(state, run(i), i);
      largest = Math.max(largest, i % 500 == 0 ? bytes(state) : 0);
    }
    int last = bytes(state);
    largest = Math.max(largest, last);
    System.out.printf("connector state after %,d runs over %d workflows: %,d bytes (largest seen %,d, bound %,d)%n",
        RUNS, WORKFLOWS, last, largest, BOUND);

    assertEquals(RUNS - RUNS / 1000 - RUNS / 5000, state.runsDelivered() + 0L, "every run but the skipped and abandoned");
    assertTrue(largest < BOUND, "serialised state " + largest + " bytes");
  }

  @Test
  void theBoundedStateReadsBackAsItWasWritten() {
    ConnectorState state = activeState(spec().build());
    for (int i = 0; i < 3 * FinishedRuns.WINDOW; i++) {
      deliverLive(state, run(i), i);
    }
    ConnectorState read = CONVERTER.fromPayload(payload(state), ConnectorState.class, ConnectorState.class);

    assertEquals(state.finished().window(), read.finished().window());
    assertEquals(state.finished().watermarks(), read.finished().watermarks());
    assertEquals(state.runsDelivered(), read.runsDelivered());
    assertEquals(state.runsSkipped(), read.runsSkipped());
    assertEquals(FinishedRuns.WINDOW, read.finished().window().size());
  }

  /** Every thousandth run is skipped by the operator, every five-thousandth terminated from outside. */
  private static void deliverLive(ConnectorState state, RunRef run, int i) {
    state.enqueue(run);
    state.started(run);
    if (i % 1000 == 999) {
      state.skipped(run);
    } else if (i % 5000 == 2500) {
      state.abandoned(run, "terminated");
    } else {
      state.delivered(run, 20);
    }
  }

  private static BackfillReport page(int page) {
    List<RunRef> delivered = new ArrayList<>();
    List<RunRef> skipped = new ArrayList<>();
    List<RunRef> abandoned = new ArrayList<>();
    for (int i = page * PAGE; i < (page + 1) * PAGE; i++) {
      (i % 1000 == 999 ? skipped : i % 5000 == 2500 ? abandoned : delivered).add(run(i));
    }
    BackfillProgress progress = new BackfillProgress(BACKFILLED, (page + 1) * PAGE, 20L * (page + 1) * PAGE,
        page + 1, 0, 0, (page + 1) * PAGE == BACKFILLED);
    return new BackfillReport(delivered, skipped, abandoned, progress);
  }

  /** Source workflow ids and UUID-long job ids as the engine writes them. */
  static RunRef run(int i) {
    return new RunRef(String.format("customer-orders-export-%03d", i % WORKFLOWS),
        String.format("%08x-0000-4000-8000-%012d", i, i));
  }

  static int bytes(ConnectorState state) {
    return payload(state).getData().size();
  }

  private static Payload payload(ConnectorState state) {
    return CONVERTER.toPayload(state).orElseThrow();
  }
}
