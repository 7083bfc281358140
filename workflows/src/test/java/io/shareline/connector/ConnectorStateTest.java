package io.shareline.connector;

import static io.shareline.connector.ConnectorFixtures.activeState;
import static io.shareline.connector.ConnectorFixtures.run;
import static io.shareline.connector.ConnectorFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.shareline.backfill.BackfillProgress;
import io.shareline.backfill.BackfillReport;
import io.shareline.connector.FinishedRuns.Outcome;
import io.shareline.delivery.DeliveryOutcome;
import io.shareline.delivery.DeliveryStage;
import io.shareline.delivery.DeliveryState.StageFailure;
import io.shareline.delivery.RunRef;
import io.temporal.api.common.v1.Payload;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectorStateTest {

  /** The shape continue-as-new carried before the record was bounded (field names and order as recorded). */
  private static final String RECORDED = """
      {"spec":{"connectorId":"c1","sourceUri":"/tmp/source","provider":"local","recipient":"r","workflows":[],
       "activityLog":false},"status":"ACTIVE","resumeTo":null,"provisioned":null,"history":null,
       "pending":[{"workflowId":"wf1","jobId":"e"}],"inFlight":{},"done":["wf1/a","wf1/b","wf2/c"],
       "runsDelivered":2,"rowsDelivered":40,"skipped":["wf1/b"],"missed":[],"abandoned":["wf2/d"],"failed":{},
       "commitLockHolder":"delivery/c1/wf1/e","commitLockWaiters":["delivery/c1/wf2/f"],"backfillStarted":true,
       "scopeBackfillQueued":["wf3"],"scopeBackfilling":[],"activityLogStarted":true,"backfill":null,
       "continueAsNewRequested":false,"continuedAsNew":3,"revoked":null,"lastFailure":null}
      """;

  @Test
  void aStateRecordedWithUnboundedSetsOfRunsReadsIntoTheBoundedRecord() {
    Payload recorded = Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(RECORDED)).build();

    ConnectorState state = ConnectorStateBoundTest.CONVERTER.fromPayload(recorded, ConnectorState.class,
        ConnectorState.class);

    FinishedRuns finished = state.finished();
    assertEquals(Optional.of(Outcome.DELIVERED), finished.outcomeOf(run("a")));
    assertEquals(Optional.of(Outcome.SKIPPED), finished.outcomeOf(run("b")));
    assertEquals(Optional.of(Outcome.ABANDONED), finished.outcomeOf(run("wf2", "d")));
    assertEquals(new FinishedRuns.Watermark("b", 2, 1, 1), finished.watermarks().get("wf1"));
    assertEquals(List.of(2L, 1L, 1L), List.of(state.runsDelivered(), state.runsSkipped(), state.finished().runsAbandoned()));
    assertEquals("delivery/c1/wf1/e", state.commitLock().holder());
    assertEquals(List.of("delivery/c1/wf2/f"), state.commitLock().waiters());
    assertEquals(List.of("wf3"), state.scope().queued());
    assertEquals(List.of(run("e")), state.pending());
  }

  @Test
  void aRunDeliveredOrQueuedAlreadyIsNotQueuedAgain() {
    ConnectorState state = activeState(spec().build(), run("a"));

    assertFalse(state.enqueue(run("a")));
    assertTrue(state.enqueue(run("b")));
    assertFalse(state.enqueue(run("b")));
    assertEquals(List.of(run("b")), state.pending());
  }

  @Test
  void theWindowKeepsTheLastRunsAndEachWorkflowItsNewestDeliveredRun() {
    ConnectorState state = activeState(spec().build());
    int runs = FinishedRuns.WINDOW + 10;
    for (int i = 0; i < runs; i++) {
      state.delivered(run("j" + i), 5);
    }

    assertEquals(FinishedRuns.WINDOW, state.finished().window().size());
    assertFalse(state.finished().contains(run("j0")), "older than the window: the ledger has it");
    assertTrue(state.finished().contains(run("j10")));
    assertEquals(new FinishedRuns.Watermark("j" + (runs - 1), runs, runs, 0), state.finished().watermarks().get("wf1"));
    assertEquals(runs, state.runsDelivered());
  }

  @Test
  void skippingARunTheBackfillReturnedTakesItOffTheQueueAndLetsTheRunsBehindItGo() {
    ConnectorState state = activeState(spec().build());
    StageFailure failure = new StageFailure(DeliveryStage.STAGE, "SOURCE_MALFORMED", "line 2");
    state.backfillStarted(BackfillProgress.startedAt(0));
    state.backfilled(new BackfillReport(List.of(), List.of(), List.of(), BackfillProgress.startedAt(0),
        List.of(DeliveryOutcome.returned(run("h3"), failure), DeliveryOutcome.returned(run("h4"), null))));
    assertTrue(state.isReturned(run("h3")));
    assertEquals(java.util.Set.of("wf1"), state.heldWorkflows());

    state.skip(run("h3"));

    assertEquals(List.of(run("h4")), state.pending());
    assertEquals(java.util.Set.of(), state.heldWorkflows());
    assertEquals(Optional.of(Outcome.SKIPPED), state.finished().outcomeOf(run("h3")));
  }

  @Test
  void whatABackfillIsToldToExcludeStaysWithinTheWindowAndTheQueueHoweverManyRunsWereDelivered() {
    ConnectorState state = activeState(spec().build());
    for (int i = 0; i < 10_000; i++) {
      state.delivered(run("j" + i), 5);
    }
    state.enqueue(run("queued"));

    assertEquals(FinishedRuns.WINDOW + 1, state.knownKeys(spec().build()).size());
  }

  @Test
  void aBackfillOfAddedWorkflowsExcludesOnlyTheirKnownRuns() {
    ConnectorState state = activeState(spec().build(), run("wf1", "a"), run("wf2", "b"));
    state.enqueue(run("wf2", "c"));

    assertEquals(List.of("wf2/b", "wf2/c"), state.knownKeys(spec().build().withWorkflows(List.of("wf2"))));
  }
}
