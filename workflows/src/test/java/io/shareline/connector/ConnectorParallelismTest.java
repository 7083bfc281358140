package io.shareline.connector;

import static io.shareline.connector.ConnectorFixtures.run;
import static io.shareline.connector.ConnectorFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.RunRef;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ConnectorParallelismTest {
  private static final List<String> WORKFLOWS = List.of("wf1", "wf2", "wf3");
  private final ConnectorHarness harness = new ConnectorHarness();

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void differentWorkflowsDeliverInParallelButOneWorkflowsRunsNeverOverlap() {
    ConcurrencyTracker tracker = harness.trackConcurrency(Duration.ofMillis(25));

    deliverThreeRunsOfEachWorkflow(spec().build());

    assertEquals(1, tracker.maxPerWorkflow());
    assertTrue(tracker.maxDeliveries() > 1, "deliveries never overlapped: " + tracker.maxDeliveries());
    for (String workflow : WORKFLOWS) {
      List<String> jobs = harness.stagedRuns().stream().filter(r -> r.workflowId().equals(workflow))
          .map(RunRef::jobId).toList();
      assertEquals(List.of("j1", "j2", "j3"), jobs, workflow + " delivered out of order");
    }
  }

  @Test
  void theCommitLockIsNeverHeldByTwoDeliveriesAtOnce() {
    ConcurrencyTracker tracker = harness.trackConcurrency(Duration.ofMillis(25));

    ConnectorState state = deliverThreeRunsOfEachWorkflow(spec().build());

    assertEquals(1, tracker.maxCommitStages());
    assertNull(state.commitLock().holder());
    assertEquals(List.of(), state.commitLock().waiters());
  }

  @Test
  void parallelDeliveriesAreBoundedByTheConnectorsSetting() {
    ConcurrencyTracker tracker = harness.trackConcurrency(Duration.ofMillis(25));

    deliverThreeRunsOfEachWorkflow(spec().maxParallelDeliveries(2).build());

    assertEquals(2, tracker.maxDeliveries());
  }

  @Test
  void liveRunsArrivingDuringTheBackfillAreDeliveredInOrderWhileItRuns() throws InterruptedException {
    RunRef h1 = run("h1");
    RunRef h2 = run("h2");
    harness.history(h1, h2);
    Gate backfilling = harness.holdStage(h1);
    ConnectorWorkflow connector = harness.start(spec().build());
    backfilling.awaitStarted();

    connector.runCompleted(run("l1"));
    connector.runCompleted(run("l2"));
    connector.runCompleted(h1);
    harness.awaitConnector(connector, "live runs delivered, the live copy of h1 left to the backfill",
        s -> s.finished().recentlyFinished().containsAll(List.of("wf1/l1", "wf1/l2")) && s.pending().isEmpty() && s.inFlight().isEmpty());
    backfilling.release();

    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 4);
    assertEquals(List.of(h2, h1, run("l1"), run("l2")), harness.stagedRuns());
    assertEquals(4, state.finished().recentlyFinished().size());
    assertTrue(state.finished().recent(FinishedRuns.Outcome.ABANDONED).isEmpty(), "the live copy of h1 is not abandoned: the backfill delivered it");
  }

  /** Three runs of each of three workflows, all signalled during onboarding (the first one goes first). */
  private ConnectorState deliverThreeRunsOfEachWorkflow(ConnectorSpec spec) {
    ConnectorWorkflow connector = harness.start(spec);
    for (String job : List.of("j1", "j2", "j3")) {
      for (String workflow : WORKFLOWS) {
        connector.runCompleted(run(workflow, job));
      }
    }
    return harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 9);
  }
}
