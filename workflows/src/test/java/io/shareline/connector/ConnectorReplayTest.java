package io.shareline.connector;

import static io.shareline.connector.ConnectorFixtures.run;
import static io.shareline.connector.ConnectorFixtures.spec;

import io.shareline.backfill.BackfillWorkflowImpl;
import io.shareline.common.TaskQueues;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.connector.spec.OrchestrationSettings.BackfillOrder;
import io.shareline.delivery.BatchDeliveryWorkflowImpl;
import io.shareline.delivery.RunDeliveryWorkflowImpl;
import io.shareline.delivery.RunRef;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Determinism checks. Each scenario replays its own fresh histories; the factory replays every history
 * checked in under {@code src/test/resources/histories}, so a change that breaks running connectors
 * fails here. The recordings were made by the current code (connector, backfill, delivery; onboarding,
 * disable/enable, revoke, retry) with:
 *
 * <pre>mvn -B -q -o -pl workflows test -Dtest=ConnectorReplayTest -Dshareline.recordHistories=true</pre>
 *
 * <p>To add one new recording without touching the others, name it:
 * {@code -Dshareline.recordHistories=connector-scope-added} (a comma-separated list of names works too).
 *
 * From now on workflows may be running in production: any edit that changes the commands a workflow
 * issues (a new or reordered activity, child, signal, timer, search-attribute upsert) must be gated by
 * {@code Workflow.getVersion}, and its new recording added next to the old ones, never overwriting
 * them, so both the old and the new path keep replaying.
 */
@Timeout(60)
class ConnectorReplayTest {
  /** {@code true} records every scenario; otherwise a comma-separated list of recording names (or nothing). */
  private static final String RECORD = System.getProperty("shareline.recordHistories", "");
  private static final Path RECORDINGS = Path.of("src/test/resources/histories");

  @Test
  void anOnboardingHistoryReplaysAgainstTheCurrentWorkflows() throws Exception {
    RunRef h1 = run("h1");
    RunRef h2 = run("h2");
    RunRef live = run("live");
    try (ConnectorHarness harness = new ConnectorHarness()) {
      harness.history(h1, h2);
      ConnectorWorkflow connector = harness.start(spec().build());
      harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 2);
      connector.runCompleted(live);
      harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 3);

      replayAndMaybeRecord(harness.client.fetchHistory(ConnectorHarness.connectorWorkflowId()), "connector-onboarding");
      replayAndMaybeRecord(harness.client.fetchHistory(ConnectorHarness.deliveryWorkflowId(h2)), "delivery-delivered");
      harness.env.sleep(java.time.Duration.ofMinutes(6));
      replayAndMaybeRecord(harness.client.fetchHistory(
          io.shareline.activitylog.ActivityLogSyncWorkflow.workflowId(ConnectorFixtures.CONNECTOR_ID)), "activitylog-sync");
    }
  }

  @Test
  void aRetriedDeliveryHistoryReplaysAgainstTheCurrentWorkflows() throws Exception {
    RunRef live = run("live");
    try (ConnectorHarness harness = new ConnectorHarness()) {
      harness.failOnceAtLoad(ConnectorHarness.forRun(live));
      ConnectorWorkflow connector = harness.start(spec().build());
      connector.runCompleted(live);
      harness.awaitConnector(connector, "live parked in FAILED", s -> s.failed().containsKey(live.key()));
      connector.retry(live);
      harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 1);

      replayAndMaybeRecord(harness.client.fetchHistory(ConnectorHarness.deliveryWorkflowId(live)), "delivery-retried-at-load");
    }
  }

  /**
   * Live runs go through the one stage loop as batches of one (LOAD..VERIFY on the batch activity types,
   * behind the delivered-as-a-batch-of-one marker): one delivered at once, one failing LOAD, parked, retried.
   * delivery-delivered.json and delivery-retried-at-load.json hold the per-run types recorded before.
   */
  @Test
  void aLiveRunDeliveredAsABatchOfOneHistoryReplaysAgainstTheCurrentWorkflows() throws Exception {
    RunRef clean = run("clean");
    RunRef retried = run("wf2", "retried");
    try (ConnectorHarness harness = new ConnectorHarness()) {
      harness.failOnceAtLoad(ConnectorHarness.forRun(retried));
      ConnectorWorkflow connector = harness.start(spec().build());
      connector.runCompleted(clean);
      connector.runCompleted(retried);
      harness.awaitConnector(connector, "retried parked in FAILED", s -> s.failed().containsKey(retried.key()));
      connector.retry(retried);
      harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 2);

      replayAndMaybeRecord(harness.client.fetchHistory(ConnectorHarness.deliveryWorkflowId(clean)),
          "delivery-batch-of-one");
      replayAndMaybeRecord(harness.client.fetchHistory(ConnectorHarness.deliveryWorkflowId(retried)),
          "delivery-batch-of-one-retried-at-load");
    }
  }

  @Test
  void aPagedBackfillHistoryReplaysAgainstTheCurrentWorkflows() throws Exception {
    try (ConnectorHarness harness = new ConnectorHarness()) {
      harness.history(run("h1"), run("wf2", "h2"), run("h3"));
      ConnectorWorkflow connector = harness.start(spec().backfillPages(1, BackfillOrder.OLDEST_FIRST).build());
      harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 3);

      replayAndMaybeRecord(harness.client.fetchHistory(TaskQueues.backfillWorkflowId(ConnectorFixtures.CONNECTOR_ID)),
          "backfill-last-page");
      replayAndMaybeRecord(harness.client.fetchHistory(ConnectorHarness.connectorWorkflowId()), "connector-paged-backfill");
    }
  }

  @Test
  void aBatchedBackfillHistoryReplaysAgainstTheCurrentWorkflows() throws Exception {
    try (ConnectorHarness harness = new ConnectorHarness()) {
      harness.history(run("h1"), run("h2"), run("wf2", "h3"), run("h4"), run("wf2", "h5"));
      ConnectorWorkflow connector = harness.start(spec().build());
      harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 5);

      replayAndMaybeRecord(harness.client.fetchHistory(TaskQueues.backfillWorkflowId(ConnectorFixtures.CONNECTOR_ID)),
          "backfill-batched");
      replayAndMaybeRecord(harness.client.fetchHistory(
          TaskQueues.batchWorkflowId(ConnectorFixtures.CONNECTOR_ID, "wf1", "h1", "h4")), "batch-delivered");
    }
  }

  /** Batches cut by bytes too (h1+h2 fill 100 bytes, h4 of 500 goes alone): the backfill-batch-bytes marker is recorded. */
  @Test
  void aBackfillBatchedByBytesHistoryReplaysAgainstTheCurrentWorkflows() throws Exception {
    try (ConnectorHarness harness = new ConnectorHarness()) {
      harness.history(run("h1"), run("h2"), run("h3"), run("h4"), run("h5"), run("wf2", "newest"));
      harness.inputBytes(Map.of(run("h1").key(), 60L, run("h2").key(), 40L, run("h3").key(), 30L,
          run("h4").key(), 500L));
      ConnectorWorkflow connector = harness.start(spec().backfillBatchBytes(100).build());
      harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 6);

      replayAndMaybeRecord(harness.client.fetchHistory(TaskQueues.backfillWorkflowId(ConnectorFixtures.CONNECTOR_ID)),
          "backfill-batched-by-bytes");
    }
  }

  /**
   * A middle run failing STAGE: the runs before it go as a batch, it and the later runs alone. The same
   * scenario recorded before the batch split at a failed run gave the whole batch up: batch-gave-up.json.
   */
  @Test
  void aBatchSplitAtARunFailingStageHistoryReplaysAgainstTheCurrentWorkflows() throws Exception {
    try (ConnectorHarness harness = new ConnectorHarness()) {
      harness.failAtStage(run("h3"), 1);
      harness.history(run("h1"), run("h2"), run("h3"), run("h4"), run("wf2", "newest"));
      ConnectorWorkflow connector = harness.start(spec().build());
      harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 5);

      replayAndMaybeRecord(harness.client.fetchHistory(
          TaskQueues.batchWorkflowId(ConnectorFixtures.CONNECTOR_ID, "wf1", "h1", "h4")), "batch-split-at-stage");
    }
  }

  /**
   * Batches stage their runs and decide their schema versions in one activity each: wf2's two runs go
   * through clean, wf1's h3 fails STAGE, so h1 and h2 go on together and h3, h4 alone. The batches recorded
   * before (batch-delivered.json, batch-split-at-stage.json) ran one STAGE and one SCHEMA activity per run.
   */
  @Test
  void aBatchStagedTogetherHistoryReplaysAgainstTheCurrentWorkflows() throws Exception {
    try (ConnectorHarness harness = new ConnectorHarness()) {
      harness.failAtStage(run("h3"), 1);
      harness.history(run("h1"), run("wf2", "a"), run("h2"), run("h3"), run("wf2", "b"), run("h4"), run("wf2", "newest"));
      ConnectorWorkflow connector = harness.start(spec().build());
      harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 7);

      replayAndMaybeRecord(harness.client.fetchHistory(
          TaskQueues.batchWorkflowId(ConnectorFixtures.CONNECTOR_ID, "wf2", "a", "b")), "batch-staged-together");
      replayAndMaybeRecord(harness.client.fetchHistory(
          TaskQueues.batchWorkflowId(ConnectorFixtures.CONNECTOR_ID, "wf1", "h1", "h4")), "batch-staged-together-split");
    }
  }

  /**
   * A run failing STAGE in its batch and alone is returned to the connector with the run behind it, a live
   * run of another workflow is delivered while the backfill runs, then the failed run is skipped.
   */
  @Test
  void aBackfillReturningAFailedRunWhileLiveRunsGoHistoryReplaysAgainstTheCurrentWorkflows() throws Exception {
    try (ConnectorHarness harness = new ConnectorHarness()) {
      RunRef bad = run("h3");
      harness.failAtStage(bad, 2);
      harness.history(run("h1"), run("h2"), bad, run("h4"), run("wf2", "newest"));
      ConnectorWorkflow connector = harness.start(spec().build());
      connector.runCompleted(run("wf2", "live"));
      harness.awaitConnector(connector, "h3 returned", s -> s.isReturned(bad) && s.status() == ConnectorStatus.ACTIVE);
      connector.skip(bad);
      harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 5);

      replayAndMaybeRecord(harness.client.fetchHistory(ConnectorHarness.connectorWorkflowId()), "connector-returned-run");
      replayAndMaybeRecord(harness.client.fetchHistory(TaskQueues.backfillWorkflowId(ConnectorFixtures.CONNECTOR_ID)),
          "backfill-returned-run");
      replayAndMaybeRecord(harness.client.fetchHistory(
          TaskQueues.batchWorkflowId(ConnectorFixtures.CONNECTOR_ID, "wf1", "h1", "h4")), "batch-returned-run");
      replayAndMaybeRecord(harness.client.fetchHistory(ConnectorHarness.deliveryWorkflowId(bad)), "delivery-returned-run");
    }
  }

  @Test
  void aDisableEnableHistoryReplaysAgainstTheCurrentWorkflows() throws Exception {
    try (ConnectorHarness harness = new ConnectorHarness()) {
      ConnectorSpec spec = spec().build();
      ConnectorWorkflow connector = harness.start(new ConnectorInput(spec, ConnectorFixtures.activeState(spec)));
      connector.disable();
      connector.runCompleted(run("missed"));
      harness.awaitConnector(connector, "missed run recorded", s -> !s.missed().isEmpty());
      connector.enable(true);
      connector.runCompleted(run("live"));
      harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 2);

      replayAndMaybeRecord(harness.client.fetchHistory(ConnectorHarness.connectorWorkflowId()), "connector-disabled-enabled");
    }
  }

  @Test
  void aRevokeHistoryReplaysAgainstTheCurrentWorkflows() throws Exception {
    try (ConnectorHarness harness = new ConnectorHarness()) {
      ConnectorSpec spec = spec().build();
      ConnectorWorkflow connector = harness.start(new ConnectorInput(spec, ConnectorFixtures.activeState(spec)));
      connector.runCompleted(run("live"));
      harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 1);
      connector.revoke(true, true);
      WorkflowStub.fromTyped(connector).getResult(Void.class);

      replayAndMaybeRecord(harness.client.fetchHistory(ConnectorHarness.connectorWorkflowId()), "connector-revoked");
    }
  }

  @Test
  void aScopeAddedHistoryReplaysAgainstTheCurrentWorkflows() throws Exception {
    try (ConnectorHarness harness = new ConnectorHarness()) {
      harness.history(run("wf2", "h1"), run("wf2", "h2"));
      ConnectorSpec spec = spec().scopedTo("wf1").build();
      ConnectorWorkflow connector = harness.start(new ConnectorInput(spec, ConnectorFixtures.activeState(spec)));
      connector.changeScope(List.of("wf2"), List.of(), false);
      connector.runCompleted(run("wf2", "live"));
      harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 3);

      replayAndMaybeRecord(harness.client.fetchHistory(ConnectorHarness.connectorWorkflowId()), "connector-scope-added");
    }
  }

  /** The bounded state as continue-as-new carries it, read by the continued run: recorded so its shape keeps reading. */
  @Test
  void aContinuedConnectorHistoryReplaysAgainstTheCurrentWorkflows() throws Exception {
    try (ConnectorHarness harness = new ConnectorHarness()) {
      ConnectorSpec spec = spec().build();
      ConnectorWorkflow connector = harness.start(new ConnectorInput(spec, ConnectorFixtures.activeState(spec, run("old"))));
      connector.runCompleted(run("j1"));
      harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 2);
      connector.continueAsNewNow();
      harness.awaitConnector(connector, "continued as new", s -> s.continuedAsNew() == 1);
      connector.runCompleted(run("j2"));
      harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 3);

      replayAndMaybeRecord(harness.client.fetchHistory(ConnectorHarness.connectorWorkflowId()),
          "connector-continued-bounded-state");
    }
  }

  @TestFactory
  Stream<DynamicTest> everyRecordedHistoryReplaysAgainstTheCurrentWorkflows() throws IOException, URISyntaxException {
    return recordedHistories().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () ->
        replay(WorkflowExecutionHistory.fromJson(Files.readString(file, StandardCharsets.UTF_8)))));
  }

  private static List<Path> recordedHistories() throws IOException, URISyntaxException {
    URL folder = ConnectorReplayTest.class.getResource("/histories");
    if (folder == null) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static void replayAndMaybeRecord(WorkflowExecutionHistory history, String name) throws Exception {
    replay(history);
    if (RECORD.equals("true") || List.of(RECORD.split(",")).contains(name)) {
      Files.createDirectories(RECORDINGS);
      Files.writeString(RECORDINGS.resolve(name + ".json"), history.toJson(true), StandardCharsets.UTF_8);
    }
  }

  private static void replay(WorkflowExecutionHistory history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(history, ConnectorWorkflowImpl.class, BackfillWorkflowImpl.class,
        RunDeliveryWorkflowImpl.class, BatchDeliveryWorkflowImpl.class,
        io.shareline.activitylog.ActivityLogSyncWorkflowImpl.class);
  }
}
