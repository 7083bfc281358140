package io.shareline.connector;

import static io.shareline.connector.ConnectorFixtures.run;
import static io.shareline.connector.ConnectorFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;


import io.shareline.backfill.BackfillWorkflow;
import io.shareline.common.Failures;
import io.shareline.common.TaskQueues;
import io.shareline.delivery.BatchDeliveryWorkflow;
import io.shareline.delivery.BatchState;
import io.shareline.delivery.DeliveryFixtures;
import io.shareline.delivery.DeliveryStage;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunRef;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Backfill pages delivered as batches of consecutive runs per source workflow (one commit per table). */
@Timeout(90)
class BatchedBackfillTest {
  private final ConnectorHarness harness = new ConnectorHarness();

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void aPageGoesAsBatchesOfConsecutiveRunsPerSourceWorkflowUnderTheCommitLock() {
    ConcurrencyTracker tracker = harness.trackConcurrency(Duration.ofMillis(10));
    harness.history(run("wf1", "a1"), run("wf2", "b1"), run("wf1", "a2"), run("wf1", "a3"), run("wf2", "b2"),
        run("wf1", "a4"), run("wf2", "b3"), run("wf1", "a5"), run("wf3", "newest"));

    ConnectorWorkflow connector = harness.start(spec().backfillBatches(3).build());
    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 9);

    assertEquals(Set.of(List.of("a1", "a2", "a3"), List.of("a4", "a5"), List.of("b1", "b2", "b3")),
        Set.copyOf(harness.loadedBatches()));
    assertEquals(3, harness.loadedBatches().size());
    assertEquals(1, tracker.maxCommitStages());
    assertEquals(List.of("a1", "a2", "a3", "a4", "a5"), harness.stagedRuns().stream()
        .filter(r -> r.workflowId().equals("wf1")).map(RunRef::jobId).toList());
    assertEquals(9, state.finished().recentlyFinished().size());
    assertEquals(45, state.rowsDelivered());
    BatchDeliveryWorkflow batch = harness.client.newWorkflowStub(BatchDeliveryWorkflow.class,
        TaskQueues.batchWorkflowId(ConnectorFixtures.CONNECTOR_ID, "wf1", "a1", "a3"));
    assertEquals(3, batch.state().delivered());
    assertEquals(DeliveryStage.VERIFY, batch.state().stage());
  }

  @Test
  void theBackfillNamesTheBatchHoldingEachRunOfItsPage() {
    harness.history(run("wf1", "a1"), run("wf1", "a2"), run("wf2", "b1"), run("wf3", "newest"));
    ConnectorWorkflow connector = harness.start(spec().build());
    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 4);

    BackfillWorkflow backfill = harness.client.newWorkflowStub(BackfillWorkflow.class,
        TaskQueues.backfillWorkflowId(ConnectorFixtures.CONNECTOR_ID));
    assertEquals(TaskQueues.batchWorkflowId(ConnectorFixtures.CONNECTOR_ID, "wf1", "a1", "a2"),
        backfill.batchOf(run("wf1", "a2")));
    assertNull(backfill.batchOf(run("wf2", "b1")), "a lone run of a page goes as an ordinary delivery");
  }

  @Test
  void aRunFailingStageSplitsItsBatchAndTheLaterRunsWaitBehindItUntilSkipped() {
    RunRef bad = run("h3");
    ConnectorWorkflow connector = startWithStageFailingTwiceFor(bad);

    ConnectorState parked = awaitParked(connector, bad);
    assertEquals(List.of(List.of("h1", "h2")), harness.loadedBatches());
    assertEquals(DeliveryStage.STAGE, parked.failed().get(bad.key()).stage());
    assertEquals("SOURCE_MALFORMED", harness.deliveryOf(bad).state().failure().type());
    assertEquals(List.of(run("h1"), run("h2"), bad, bad), wf1Staged(), "h4 and h5 wait behind h3, in job order");
    assertEquals(List.of(bad, run("h4"), run("h5")), parked.pending(), "returned to the connector, in job order");
    assertEquals(ConnectorStatus.ACTIVE, harness.awaitConnector(connector, "backfill done but for wf1",
        s -> s.status() == ConnectorStatus.ACTIVE).status());
    BatchState split = batchOf("h1", "h5").state();
    assertEquals(5, split.delivered(), "two delivered, three returned");
    assertEquals("STAGE of wf1/h3 failed (SOURCE_MALFORMED)", split.fallbackCause());

    connector.skip(bad);

    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 5);
    assertTrue(state.finished().recent(FinishedRuns.Outcome.SKIPPED).contains(bad.key()));
    assertTrue(state.finished().recentlyFinished().containsAll(List.of("wf1/h1", "wf1/h2", "wf1/h4", "wf1/h5")));
    assertEquals(List.of(List.of("h1", "h2")), harness.loadedBatches(), "h4 and h5 went alone");
    assertEquals(DeliveryState.Status.DELIVERED, harness.deliveryOf(run("h5")).state().status());
    assertEquals(List.of(run("h1"), run("h2"), bad, bad, run("h4"), run("h5")), wf1Staged());
  }

  @Test
  void aRunFailingStageSplitsItsBatchAndIsDeliveredBeforeTheLaterRunsOnceAnOperatorRetriesIt() {
    RunRef bad = run("h3");
    ConnectorWorkflow connector = startWithStageFailingTwiceFor(bad);
    awaitParked(connector, bad);

    connector.retry(bad);

    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 6);
    assertTrue(state.failed().isEmpty());
    assertEquals(DeliveryState.Status.DELIVERED, harness.deliveryOf(bad).state().status(), "delivered again from STAGE");
    assertEquals(List.of(List.of("h1", "h2")), harness.loadedBatches());
    assertEquals(List.of(run("h1"), run("h2"), bad, bad, bad, run("h4"), run("h5")), wf1Staged());
  }

  @Test
  void aRunFailingSchemaSplitsItsBatchLikeAFailedStage() {
    RunRef bad = run("h3");
    harness.failAtSchema(bad, 2);
    harness.history(run("h1"), run("h2"), bad, run("h4"), run("wf2", "newest"));
    ConnectorWorkflow connector = harness.start(spec().build());

    ConnectorState parked = awaitParked(connector, bad);
    assertEquals(List.of(List.of("h1", "h2")), harness.loadedBatches());
    assertEquals(DeliveryStage.SCHEMA, parked.failed().get(bad.key()).stage());
    assertEquals("SCHEMA of wf1/h3 failed (STORAGE_INVALID)", batchOf("h1", "h4").state().fallbackCause());

    connector.skip(bad);

    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 4);
    assertEquals(DeliveryState.Status.DELIVERED, harness.deliveryOf(run("h4")).state().status());
    assertEquals(List.of(List.of("h1", "h2")), harness.loadedBatches());
  }

  /** Its batch's STAGE activity ends at h3 with a retryable failure: the next one starts at h3, the batch stays whole. */
  @Test
  void aRunFailingStageRetryablyInItsBatchIsStagedAgainAndTheBatchStaysWhole() {
    AtomicInteger calls = new AtomicInteger();
    doAnswer(call -> {
      if (calls.getAndIncrement() == 0) {
        throw Failures.STORAGE_TRANSIENT.failure("connection reset");
      }
      return DeliveryFixtures.staged(run("h3"), 5);
    }).when(harness.delivery).stage(argThat(ConnectorHarness.forRun(run("h3"))));
    harness.history(run("h1"), run("h2"), run("h3"), run("h4"), run("wf2", "newest"));

    ConnectorWorkflow connector = harness.start(spec().build());
    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 5);

    assertEquals(List.of(List.of("h1", "h2", "h3", "h4")), harness.loadedBatches());
    assertEquals(List.of("h1", "h2", "h3", "h3", "h4"), wf1Staged().stream().map(RunRef::jobId).toList());
  }

  @Test
  void aFailedBatchStageStillDeliversEveryRunOfTheBatchAlone() {
    harness.failOnceAtLoadBatch();
    harness.history(run("h1"), run("h2"), run("h3"), run("wf2", "newest"));
    ConnectorWorkflow connector = harness.start(spec().build());

    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 4);
    assertEquals(List.of(List.of("h1", "h2", "h3")), harness.loadedBatches());
    assertEquals("LOAD failed (STORAGE_INVALID)", batchOf("h1", "h3").state().fallbackCause());
    for (RunRef run : List.of(run("h1"), run("h2"), run("h3"))) {
      assertEquals(DeliveryState.Status.DELIVERED, harness.deliveryOf(run).state().status(), run.key());
    }
  }

  @Test
  void liveRunsOfABatchedWorkflowArrivingDuringTheBackfillAreDeliveredWithoutWaitingForIt() throws InterruptedException {
    harness.history(run("h1"), run("h2"), run("h3"), run("h4"), run("h5"));
    Gate backfilling = harness.holdStage(run("h2"));
    ConnectorWorkflow connector = harness.start(spec().build());
    backfilling.awaitStarted();

    connector.runCompleted(run("l1"));
    connector.runCompleted(run("l2"));
    ConnectorState live = harness.awaitConnector(connector, "live runs delivered while the backfill is held",
        s -> s.finished().recentlyFinished().containsAll(List.of("wf1/l1", "wf1/l2")));
    assertEquals(ConnectorStatus.BACKFILLING, live.status());
    backfilling.release();

    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 7);
    assertEquals(List.of(List.of("h1", "h2", "h3", "h4")), harness.loadedBatches());
    assertEquals(7, state.finished().recentlyFinished().size());
  }

  @Test
  void batchesCloseBeforeTheirSummedInputBytesWouldExceedTheByteBound() {
    historyOfSizes(Map.of("a1", 40L, "a2", 40L, "a3", 30L, "a4", 60L, "a5", 50L, "a6", 50L));
    ConnectorWorkflow connector = harness.start(spec().backfillBatchBytes(100).build());

    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 7);
    assertEquals(List.of(List.of("a1", "a2"), List.of("a3", "a4"), List.of("a5", "a6")), harness.loadedBatches(),
        "80 + 30 and 90 + 50 exceed 100; 50 + 50 fills it exactly");
    assertTrue(recordedVersionMarker("backfill-batch-bytes"));
  }

  @Test
  void aRunLargerThanTheByteBoundGoesAloneAndTheRunsAroundItStillBatch() {
    historyOfSizes(Map.of("a1", 30L, "a2", 30L, "a3", 500L, "a4", 30L, "a5", 30L));
    ConnectorWorkflow connector = harness.start(spec().backfillBatchBytes(100).build());

    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 6);
    assertEquals(List.of(List.of("a1", "a2"), List.of("a4", "a5")), harness.loadedBatches());
    assertEquals(DeliveryState.Status.DELIVERED, harness.deliveryOf(run("a3")).state().status());
    assertEquals(List.of("a1", "a2", "a3", "a4", "a5"), wf1Staged().stream().map(RunRef::jobId).toList());
  }

  @Test
  void runsOfUnknownSizeCountZeroBytesInTheirBatch() {
    historyOfSizes(Map.of("a1", 90L, "a4", 20L), "a2", "a3", "a5");
    ConnectorWorkflow connector = harness.start(spec().backfillBatchBytes(100).build());

    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 6);
    assertEquals(List.of(List.of("a1", "a2", "a3"), List.of("a4", "a5")), harness.loadedBatches());
  }

  @Test
  void aPageWithoutSizesIsCutByRunCountAloneAndRecordsNoByteBoundMarker() {
    historyOfSizes(Map.of(), "a1", "a2", "a3", "a4", "a5");
    ConnectorWorkflow connector = harness.start(spec().backfillBatches(3).backfillBatchBytes(1).build());

    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 6);
    assertEquals(List.of(List.of("a1", "a2", "a3"), List.of("a4", "a5")), harness.loadedBatches());
    assertFalse(recordedVersionMarker("backfill-batch-bytes"));
  }

  /** wf1's runs with these sizes plus the {@code unsized} ones, in job-id order, behind wf2's newest run. */
  private void historyOfSizes(Map<String, Long> sized, String... unsized) {
    TreeSet<String> jobs = new TreeSet<>(sized.keySet());
    jobs.addAll(List.of(unsized));
    List<RunRef> runs = new ArrayList<>(jobs.stream().map(ConnectorFixtures::run).toList());
    runs.add(run("wf2", "newest"));
    harness.history(runs.toArray(RunRef[]::new));
    Map<String, Long> byKey = new HashMap<>();
    sized.forEach((job, bytes) -> byKey.put(run(job).key(), bytes));
    harness.inputBytes(byKey);
  }

  private boolean recordedVersionMarker(String changeId) {
    return harness.client.fetchHistory(TaskQueues.backfillWorkflowId(ConnectorFixtures.CONNECTOR_ID)).getEvents()
        .stream()
        .filter(HistoryEvent::hasMarkerRecordedEventAttributes)
        .map(event -> event.getMarkerRecordedEventAttributes().getDetailsMap().get("changeId"))
        .anyMatch(id -> id != null && id.getPayloads(0).getData().toStringUtf8().contains(changeId));
  }

  /** A backfill of wf1's h1..h5 (h3 is {@code bad}, failing STAGE twice) behind wf2's newest run. */
  private ConnectorWorkflow startWithStageFailingTwiceFor(RunRef bad) {
    harness.failAtStage(bad, 2);
    harness.history(run("h1"), run("h2"), bad, run("h4"), run("h5"), run("wf2", "newest"));
    return harness.start(spec().build());
  }

  private ConnectorState awaitParked(ConnectorWorkflow connector, RunRef run) {
    return harness.awaitConnector(connector, run.key() + " returned in FAILED", s -> s.isReturned(run));
  }

  private List<RunRef> wf1Staged() {
    return harness.stagedRuns().stream().filter(r -> r.workflowId().equals("wf1")).toList();
  }

  private BatchDeliveryWorkflow batchOf(String firstJob, String lastJob) {
    return harness.client.newWorkflowStub(BatchDeliveryWorkflow.class,
        TaskQueues.batchWorkflowId(ConnectorFixtures.CONNECTOR_ID, "wf1", firstJob, lastJob));
  }
}
