package io.shareline.connector;

import static io.shareline.connector.ConnectorFixtures.activeState;
import static io.shareline.connector.ConnectorFixtures.provisioned;
import static io.shareline.connector.ConnectorFixtures.run;
import static io.shareline.connector.ConnectorFixtures.spec;
import static io.shareline.connector.ConnectorHarness.forRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.shareline.backfill.BackfillPage;
import io.shareline.backfill.BackfillPageRequest;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.DeliveryFixtures;
import io.shareline.delivery.DeliveryRequest;
import io.shareline.delivery.DeliveryStage;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mockito.InOrder;

@Timeout(60)
class ConnectorWorkflowTest {
  private final ConnectorHarness harness = new ConnectorHarness();

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void onboardingProvisionsVerifiesDeliversTheNewestRunThenBackfillsOldestFirst() {
    RunRef h1 = run("h1");
    RunRef h2 = run("h2");
    RunRef h3 = run("h3");
    harness.history(h1, h2, h3);
    List<ConnectorStatus> seenByActivities = recordStatusAtEachActivity();

    ConnectorWorkflow connector = harness.start(spec().build());
    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 3);

    InOrder order = inOrder(harness.onboarding, harness.backfill, harness.delivery);
    order.verify(harness.onboarding).provision(any());
    order.verify(harness.onboarding).verifyEmptyShare(any());
    order.verify(harness.onboarding).registerSchemaHistory(any());
    order.verify(harness.delivery).stage(argThat(forRun(h3)));
    order.verify(harness.backfill).planBackfillPage(any());
    order.verify(harness.delivery).stage(argThat(forRun(h1)));
    order.verify(harness.delivery).stage(argThat(forRun(h2)));
    verify(harness.delivery, times(3)).stage(any());
    assertEquals(List.of(
        ConnectorStatus.PROVISIONING,
        ConnectorStatus.VERIFYING_EMPTY_SHARE,
        ConnectorStatus.VERIFYING_EMPTY_SHARE,
        ConnectorStatus.FIRST_LIVE_DELIVERY,
        ConnectorStatus.BACKFILLING,
        ConnectorStatus.BACKFILLING,
        ConnectorStatus.BACKFILLING), seenByActivities);
    assertEquals(Set.of(h1.key(), h2.key(), h3.key()), Set.copyOf(state.finished().recentlyFinished()));
    assertEquals(15, state.rowsDelivered());
  }

  @Test
  void aRunSignalledWhileProvisioningIsQueuedAndDeliveredOnce() throws InterruptedException {
    RunRef h1 = run("h1");
    RunRef live = run("live");
    harness.history(h1);
    Gate provision = holdProvision();

    ConnectorWorkflow connector = harness.start(spec().build());
    provision.awaitStarted();
    connector.runCompleted(live);
    assertEquals(List.of(live), harness.awaitConnector(connector, "live run queued", s -> !s.pending().isEmpty()).pending());
    assertEquals(ConnectorStatus.PROVISIONING, connector.state().status());
    provision.release();

    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 2);
    assertEquals(List.of(live, h1), harness.stagedRuns());
  }

  @Test
  void theSameRunSignalledTwiceIsDeliveredOnce() throws InterruptedException {
    RunRef live = run("live");
    Gate provision = holdProvision();

    ConnectorWorkflow connector = harness.start(spec().build());
    provision.awaitStarted();
    connector.runCompleted(live);
    connector.runCompleted(live);
    provision.release();

    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 1);
    assertEquals(List.of(live), harness.stagedRuns());
  }

  @Test
  void aRunSignalledAgainWhileItIsBeingDeliveredIsNotDeliveredTwice() throws InterruptedException {
    RunRef live = run("live");
    RunRef next = run("next");
    Gate staging = holdStage(live);
    ConnectorWorkflow connector = harness.start(spec().build());
    connector.runCompleted(live);
    staging.awaitStarted();

    connector.runCompleted(live);
    connector.runCompleted(next);
    harness.awaitConnector(connector, "next run queued", s -> s.pending().contains(next));
    staging.release();

    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 2);
    assertEquals(List.of(live, next), harness.stagedRuns());
  }

  @Test
  void aRunAlreadyDeliveredByBackfillIsNotDeliveredAgainWhenSignalled() {
    RunRef h1 = run("h1");
    RunRef h2 = run("h2");
    RunRef later = run("later");
    harness.history(h1, h2);
    ConnectorWorkflow connector = harness.start(spec().build());
    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 2);

    connector.runCompleted(h1);
    connector.runCompleted(later);

    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 3);
    assertEquals(List.of(h2, h1, later), harness.stagedRuns());
  }

  @Test
  void aRunOfAWorkflowOutOfScopeIsIgnored() {
    RunRef outOfScope = new RunRef("wf2", "j1");
    RunRef inScope = run("j2");
    ConnectorWorkflow connector = harness.start(spec().scopedTo("wf1").build());

    connector.runCompleted(outOfScope);
    connector.runCompleted(inScope);

    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 1);
    assertEquals(List.of(inScope), harness.stagedRuns());
    assertEquals(Set.of(inScope.key()), Set.copyOf(state.finished().recentlyFinished()));
  }

  @Test
  void withoutHistoryTheConnectorWaitsForTheFirstLiveRunThenBecomesActive() {
    ConnectorWorkflow connector = harness.start(spec().build());
    harness.awaitConnector(connector, "waiting for a first live run",
        s -> s.status() == ConnectorStatus.FIRST_LIVE_DELIVERY);
    harness.env.sleep(Duration.ofDays(1));
    assertEquals(ConnectorStatus.FIRST_LIVE_DELIVERY, connector.state().status());
    assertEquals(List.of(), harness.stagedRuns());

    connector.runCompleted(run("first"));

    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 1);
    assertEquals(List.of(run("first")), harness.stagedRuns());
  }

  @Test
  void aFirstDeliveryFailedAtLoadBlocksLaterRunsUntilAnOperatorRetriesItThroughTheConnector() {
    RunRef h1 = run("h1");
    RunRef h2 = run("h2");
    RunRef live = run("live");
    harness.history(h1, h2);
    harness.failOnceAtLoad(forRun(h2));
    ConnectorWorkflow connector = harness.start(spec().build());

    DeliveryState failed = harness.awaitDelivery(h2, DeliveryState.Status.FAILED);
    connector.runCompleted(live);
    harness.awaitConnector(connector, "live run queued behind the failed one", s -> s.pending().contains(live));
    harness.env.sleep(Duration.ofHours(1));

    assertEquals(DeliveryStage.LOAD, failed.failure().stage());
    assertEquals("STORAGE_INVALID", failed.failure().type());
    ConnectorState blocked = connector.state();
    assertEquals(ConnectorStatus.FIRST_LIVE_DELIVERY, blocked.status());
    assertEquals(h2, blocked.inFlight().get("wf1"));
    assertEquals("STORAGE_INVALID", blocked.failed().get(h2.key()).type());
    assertEquals(List.of(h2), harness.stagedRuns());

    connector.retry(h2);

    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 3);
    assertEquals(h2, harness.stagedRuns().get(0));
    assertEquals(java.util.Set.of(h2, h1, live), java.util.Set.copyOf(harness.stagedRuns()),
        "the live run goes while the backfill delivers h1");
    assertEquals(1, harness.deliveryOf(h2).state().retries());
  }

  @Test
  void aContinuedConnectorDoesNotDeliverRunsItCarriesAsDone() {
    ConnectorSpec spec = spec().build();
    ConnectorState carried = activeState(spec, run("j1"), run("j2"));

    ConnectorWorkflow connector = harness.start(new ConnectorInput(spec, carried));
    connector.runCompleted(run("j1"));
    connector.runCompleted(run("j2"));
    connector.runCompleted(run("j3"));

    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 3);
    assertEquals(List.of(run("j3")), harness.stagedRuns());
    assertEquals(Set.of(run("j1").key(), run("j2").key(), run("j3").key()), Set.copyOf(state.finished().recentlyFinished()));
    assertEquals(provisioned(), state.provisioned());
    verifyNoInteractions(harness.onboarding);
  }

  @Test
  void aContinuedConnectorDeliversTheRunsItCarriesAsPending() {
    ConnectorSpec spec = spec().build();
    ConnectorState carried = activeState(spec, run("j1"));
    carried.enqueue(run("j2"));

    ConnectorWorkflow connector = harness.start(new ConnectorInput(spec, carried));

    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 2);
    assertEquals(List.of(run("j2")), harness.stagedRuns());
    assertTrue(state.finished().recentlyFinished().contains(run("j2").key()));
  }

  /** Each onboarding activity and each STAGE call notes the connector status it ran under. */
  private List<ConnectorStatus> recordStatusAtEachActivity() {
    List<ConnectorStatus> seen = Collections.synchronizedList(new ArrayList<>());
    ConnectorWorkflow connector = harness.client.newWorkflowStub(ConnectorWorkflow.class, ConnectorHarness.connectorWorkflowId());
    doAnswer(call -> {
      seen.add(connector.state().status());
      return provisioned();
    }).when(harness.onboarding).provision(any());
    doAnswer(call -> {
      seen.add(connector.state().status());
      return ConnectorFixtures.emptyShare();
    }).when(harness.onboarding).verifyEmptyShare(any());
    SchemaHistory history = harness.source.schemaHistory(spec().build());
    doAnswer(call -> {
      seen.add(connector.state().status());
      return history;
    }).when(harness.onboarding).registerSchemaHistory(any());
    BackfillPage page = harness.source.page(new BackfillPageRequest(spec().build(), null, 100));
    doAnswer(call -> {
      seen.add(connector.state().status());
      return page;
    }).when(harness.backfill).planBackfillPage(any());
    doAnswer(call -> {
      seen.add(connector.state().status());
      DeliveryRequest request = call.getArgument(0);
      return DeliveryFixtures.staged(request.run(), 5);
    }).when(harness.delivery).stage(any());
    return seen;
  }

  private Gate holdProvision() {
    return harness.holdProvision();
  }

  private Gate holdStage(RunRef run) {
    return harness.holdStage(run);
  }
}
