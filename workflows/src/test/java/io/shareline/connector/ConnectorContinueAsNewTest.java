package io.shareline.connector;

import static io.shareline.connector.ConnectorFixtures.activeState;
import static io.shareline.connector.ConnectorFixtures.run;
import static io.shareline.connector.ConnectorFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.RunRef;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ConnectorContinueAsNewTest {
  private final ConnectorHarness harness = new ConnectorHarness();

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void continuingAsNewWaitsForDeliveriesInFlightAndCarriesTheQueuedRuns() throws InterruptedException {
    ConnectorSpec spec = spec().build();
    ConnectorWorkflow connector = harness.start(new ConnectorInput(spec, activeState(spec)));
    Gate first = harness.holdStage(run("j1"));
    connector.runCompleted(run("j1"));
    first.awaitStarted();
    connector.runCompleted(run("j2"));
    connector.runCompleted(run("j3"));

    connector.continueAsNewNow();
    assertEquals(List.of(run("j2"), run("j3")), connector.state().pending());
    first.release();

    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 3);
    assertEquals(1, state.continuedAsNew());
    assertEquals(List.of(run("j1"), run("j2"), run("j3")), harness.stagedRuns());
  }

  @Test
  void continuingAsNewDuringTheBackfillCarriesTheCommitLockHolderAndItsWaiters() throws InterruptedException {
    ConcurrencyTracker tracker = harness.trackConcurrency(Duration.ZERO);
    RunRef a = run("wf1", "a");
    RunRef b = run("wf2", "b");
    harness.history(a, b, run("wf3", "newest"));
    Gate publishing = harness.holdPublish(a);
    Gate staging = harness.holdStage(b);
    ConnectorWorkflow connector = harness.start(spec().build());
    publishing.awaitStarted();
    staging.release();
    String holder = ConnectorHarness.deliveryWorkflowId(a);
    String waiter = ConnectorHarness.deliveryWorkflowId(b);
    harness.awaitConnector(connector, "b waiting for the lock", s -> s.commitLock().waiters().contains(waiter));

    connector.continueAsNewNow();
    ConnectorState continued = harness.awaitConnector(connector, "continued as new", s -> s.continuedAsNew() == 1);
    assertEquals(holder, continued.commitLock().holder());
    assertEquals(List.of(waiter), continued.commitLock().waiters());
    assertEquals(ConnectorStatus.BACKFILLING, continued.status());
    publishing.release();

    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 3);
    assertNull(state.commitLock().holder());
    assertEquals(1, tracker.maxCommitStages());
  }
}
