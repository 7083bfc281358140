package io.shareline.connector;

import static io.shareline.connector.ConnectorFixtures.run;
import static io.shareline.connector.ConnectorFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.backfill.BackfillProgress;
import io.shareline.backfill.BackfillWorkflow;
import io.shareline.common.TaskQueues;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.connector.spec.OrchestrationSettings.BackfillOrder;
import io.shareline.delivery.RunRef;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ConnectorBackfillTest {
  private static final String BACKFILL_ID = TaskQueues.backfillWorkflowId(ConnectorFixtures.CONNECTOR_ID);
  private final ConnectorHarness harness = new ConnectorHarness();

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void theBackfillPagesThroughHistoryContinuingAsNewAfterEachPageFromItsCursor() {
    harness.history(runs("h1", "h2", "h3", "h4", "h5"));

    ConnectorWorkflow connector = harness.start(spec().backfillPages(2, BackfillOrder.OLDEST_FIRST).build());
    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 5);

    assertEquals(Arrays.asList(null, "wf1/h2", "wf1/h4"), harness.source.cursors);
    assertEquals(List.of(run("h5"), run("h1"), run("h2"), run("h3"), run("h4")), harness.stagedRuns());
    HistoryEvent started = harness.client.fetchHistory(BACKFILL_ID).getHistory().getEvents(0);
    assertFalse(started.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId().isEmpty(),
        "the last page ran in a continued execution");
    assertEquals(3, state.backfill().pages());
    assertEquals(25, state.rowsDelivered());
  }

  @Test
  void aNewestFirstBackfillDeliversHistoryFromTheNewestDown() {
    harness.history(runs("h1", "h2", "h3"));

    ConnectorWorkflow connector = harness.start(spec().backfillPages(1, BackfillOrder.NEWEST_FIRST).build());
    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 3);

    assertEquals(List.of(run("h3"), run("h2"), run("h1")), harness.stagedRuns());
  }

  @Test
  void theBackfillReportsRunsDoneOfTotalRowsAndAnEtaWhileItRuns() throws InterruptedException {
    harness.history(runs("h1", "h2", "h3"));
    Gate secondRun = harness.holdStage(run("h2"));
    ConnectorWorkflow connector = harness.start(spec().backfillPages(1, BackfillOrder.OLDEST_FIRST).build());
    secondRun.awaitStarted();

    BackfillProgress progress = harness.client.newWorkflowStub(BackfillWorkflow.class, BACKFILL_ID).progress();
    secondRun.release();

    assertEquals(3, progress.total());
    assertEquals(1, progress.done(), "h1 delivered (h3, delivered first, is counted on its own page)");
    assertEquals(5, progress.rows());
    assertTrue(progress.describe().startsWith("1/3 runs, 5 rows, ETA"), progress.describe());
    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 3);
    assertTrue(connector.state().backfill().finished());
    assertEquals(3, connector.state().backfill().done());
  }

  @Test
  void aPageDeliversDifferentWorkflowsInParallelAndEachWorkflowInOrder() {
    ConcurrencyTracker tracker = harness.trackConcurrency(Duration.ofMillis(25));
    harness.history(run("wf1", "a1"), run("wf2", "b1"), run("wf1", "a2"), run("wf2", "b2"), run("wf3", "c1"));

    ConnectorWorkflow connector = harness.start(spec().backfillBatches(1).build());
    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 5);

    assertEquals(1, tracker.maxPerWorkflow());
    assertTrue(tracker.maxDeliveries() > 1, "backfill deliveries never overlapped");
    assertEquals(1, tracker.maxCommitStages());
    List<RunRef> wf1 = harness.stagedRuns().stream().filter(r -> r.workflowId().equals("wf1")).toList();
    assertEquals(List.of(run("wf1", "a1"), run("wf1", "a2")), wf1);
  }

  @Test
  void disablingDuringTheBackfillPausesItAndEnablingResumesIt() throws InterruptedException {
    harness.history(runs("h1", "h2", "h3", "h4"));
    Gate firstBackfillRun = harness.holdStage(run("h1"));
    // Run by run: a batch in flight when the connector is disabled finishes as a whole.
    ConnectorWorkflow connector = harness.start(spec().backfillPages(2, BackfillOrder.OLDEST_FIRST).backfillBatches(1).build());
    firstBackfillRun.awaitStarted();

    connector.disable();
    firstBackfillRun.release();
    BackfillWorkflow backfill = harness.client.newWorkflowStub(BackfillWorkflow.class, BACKFILL_ID);
    harness.await(backfill::progress, "h1 backfilled", p -> p.done() == 1);
    harness.env.sleep(Duration.ofHours(1));
    assertEquals(List.of(run("h4"), run("h1")), harness.stagedRuns());
    assertEquals(ConnectorStatus.DISABLED, connector.state().status());

    connector.enable(false);

    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 4);
    assertEquals(List.of(run("h4"), run("h1"), run("h2"), run("h3")), harness.stagedRuns());
  }

  @Test
  void revokingDuringABatchedBackfillCancelsItBeforeAnythingMoreIsLoaded() throws InterruptedException {
    revokeDuringTheBackfill(spec().build());
    assertEquals(List.of(), harness.loadedBatches(), "a cancelled batch loads nothing");
  }

  /** Run by run, h2 would be a STAGE activity of its own: it is never staged. */
  @Test
  void revokingDuringARunByRunBackfillCancelsItBeforeAnythingMoreIsStaged() throws InterruptedException {
    revokeDuringTheBackfill(spec().backfillBatches(1).build());
    assertEquals(List.of(run("h3"), run("h1")), harness.stagedRuns());
  }

  /**
   * h3 is the first live delivery; h1 is held in STAGE when the connector is revoked. The backfill is
   * cancelled while h1 is still held (cancellation does not wait for the activity) and the connector completes.
   */
  private void revokeDuringTheBackfill(ConnectorSpec input) throws InterruptedException {
    harness.history(runs("h1", "h2", "h3"));
    Gate firstBackfillRun = harness.holdStage(run("h1"));
    ConnectorWorkflow connector = harness.start(input);
    firstBackfillRun.awaitStarted();

    connector.revoke(false, false);
    WorkflowStub backfill = harness.client.newUntypedWorkflowStub(BACKFILL_ID);
    assertThrows(WorkflowFailedException.class, () -> backfill.getResult(BackfillProgress.class));
    firstBackfillRun.release();
    WorkflowStub.fromTyped(connector).getResult(Void.class);

    assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED, backfill.describe().getStatus());
  }

  private static RunRef[] runs(String... jobs) {
    return Arrays.stream(jobs).map(ConnectorFixtures::run).toArray(RunRef[]::new);
  }
}
