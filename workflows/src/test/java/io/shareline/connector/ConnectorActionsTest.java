package io.shareline.connector;

import static io.shareline.connector.ConnectorFixtures.activeState;
import static io.shareline.connector.ConnectorFixtures.run;
import static io.shareline.connector.ConnectorFixtures.spec;
import static io.shareline.connector.ConnectorHarness.forRun;
import static io.shareline.connector.ConnectorHarness.rejection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunRef;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateStage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ConnectorActionsTest {
  private final ConnectorHarness harness = new ConnectorHarness();

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void disableIsRejectedWhileTheConnectorIsOnboarding() {
    ConnectorWorkflow connector = harness.start(spec().build());
    harness.awaitConnector(connector, "waiting for a first run", s -> s.status() == ConnectorStatus.FIRST_LIVE_DELIVERY);

    assertTrue(rejection(connector::disable).startsWith("connector is onboarding (FIRST_LIVE_DELIVERY)"));
  }

  @Test
  void aDisabledConnectorRecordsNewRunsAsMissedAndDeliversNothing() {
    ConnectorWorkflow connector = startActive();

    ActionResult disabled = connector.disable();
    connector.runCompleted(run("j1"));
    ConnectorState state = harness.awaitConnector(connector, "j1 missed", s -> s.missed().contains(run("j1")));
    harness.env.sleep(Duration.ofHours(1));

    assertEquals(ConnectorStatus.DISABLED, disabled.status());
    assertEquals(ConnectorStatus.DISABLED, state.status());
    assertEquals(List.of(), harness.stagedRuns());
  }

  @Test
  void disablingTwiceIsRejected() {
    ConnectorWorkflow connector = startActive();
    connector.disable();

    assertEquals("connector is already disabled", rejection(connector::disable));
  }

  @Test
  void enableIsRejectedWhenTheConnectorIsNotDisabled() {
    ConnectorWorkflow connector = startActive();

    assertEquals("connector is ACTIVE, not DISABLED", rejection(() -> connector.enable(false)));
  }

  @Test
  void enableLeavesTheRunsMissedWhileDisabledSkipped() {
    ConnectorWorkflow connector = startActive();
    connector.disable();
    connector.runCompleted(run("j1"));
    harness.awaitConnector(connector, "j1 missed", s -> s.missed().contains(run("j1")));

    ActionResult enabled = connector.enable(false);
    connector.runCompleted(run("j2"));

    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 1);
    assertEquals(ConnectorStatus.ACTIVE, enabled.status());
    assertEquals(List.of(run("j1").key()), state.finished().recent(FinishedRuns.Outcome.SKIPPED));
    assertEquals(List.of(run("j2")), harness.stagedRuns());
  }

  @Test
  void enableWithBackfillMissedDeliversTheRunsMissedWhileDisabled() {
    ConnectorWorkflow connector = startActive();
    connector.disable();
    connector.runCompleted(run("j1"));
    connector.runCompleted(run("j2"));
    harness.awaitConnector(connector, "two runs missed", s -> s.missed().size() == 2);

    connector.enable(true);

    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 2);
    assertEquals(List.of(run("j1"), run("j2")), harness.stagedRuns());
    assertEquals(List.of(), state.missed());
  }

  @Test
  void revokeRemovesTheGrantThroughTheProviderKeepsTheDataAndCompletesTheConnector() {
    ConnectorWorkflow connector = startActive();

    ActionResult revoked = connector.revoke(false, false);
    WorkflowStub.fromTyped(connector).getResult(Void.class);

    assertEquals(ConnectorStatus.REVOKED, revoked.status());
    assertTrue(revoked.message().contains("data kept"), revoked.message());
    verify(harness.onboarding).revoke(argThat(request -> !request.purge()));
    assertEquals(ConnectorStatus.REVOKED, connector.state().status());
  }

  @Test
  void rotateTokenAsksTheProviderForANewTokenAndAnswersWithItsIdOnly() {
    org.mockito.Mockito.when(harness.onboarding.rotateToken(any()))
        .thenReturn(new TokenRotated("acme_analytics", "token-2", java.time.Instant.parse("2027-01-01T00:00:00Z")));
    ConnectorWorkflow connector = startActive();

    ActionResult rotated = connector.rotateToken(3600);

    assertTrue(rotated.message().contains("token-2"), rotated.message());
    verify(harness.onboarding).rotateToken(argThat(r -> r.existingTokenExpiresInSeconds() == 3600));
    assertEquals(ConnectorStatus.ACTIVE, connector.state().status());
  }

  @Test
  void rotateTokenWithAGracePeriodOverAWeekIsRejected() {
    ConnectorWorkflow connector = startActive();

    assertTrue(rejection(() -> connector.rotateToken(8L * 24 * 3600)).startsWith("the old token's grace period"));
    verify(harness.onboarding, never()).rotateToken(any());
  }

  @Test
  void revokeWithPurgeIsRejectedUntilConfirmed() {
    ConnectorWorkflow connector = startActive();

    assertTrue(rejection(() -> connector.revoke(true, false)).startsWith("purge deletes every shared table"));
    verify(harness.onboarding, never()).revoke(any());

    assertTrue(connector.revoke(true, true).message().contains("data purged"));
    verify(harness.onboarding).revoke(argThat(RevokeRequest::purge));
  }

  @Test
  void aSecondRevokeIsRejectedWhileTheFirstIsUnderWay() throws InterruptedException {
    ConnectorWorkflow connector = startActive();
    Gate revoking = harness.holdRevoke();
    WorkflowStub.fromTyped(connector).startUpdate("revoke", WorkflowUpdateStage.ACCEPTED, ActionResult.class, false, false);
    revoking.awaitStarted();

    assertEquals("connector is revoked", rejection(() -> connector.revoke(false, false)));
    revoking.release();
  }

  @Test
  void skipThroughTheConnectorRecordsAFailedRunAsSkippedAndTheNextRunFollows() {
    RunRef broken = run("j1");
    harness.failOnceAtLoad(forRun(broken));
    ConnectorWorkflow connector = startActive();
    connector.runCompleted(broken);
    connector.runCompleted(run("j2"));
    harness.awaitConnector(connector, "j1 parked", s -> s.failed().containsKey(broken.key()));

    ActionResult skipped = connector.skip(broken);

    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 1);
    assertTrue(skipped.message().startsWith("skipped wf1/j1"), skipped.message());
    assertEquals(List.of(broken.key()), state.finished().recent(FinishedRuns.Outcome.SKIPPED));
    assertEquals(DeliveryState.Status.SKIPPED, harness.deliveryOf(broken).state().status());
    assertEquals(List.of(broken, run("j2")), harness.stagedRuns());
  }

  @Test
  void retryAndSkipAreRejectedForARunThatIsNotFailed() {
    ConnectorWorkflow connector = startActive();
    connector.runCompleted(run("j1"));
    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 1);

    assertEquals("run wf1/j1 is not parked in FAILED: it was delivered or skipped already",
        rejection(() -> connector.retry(run("j1"))));
    assertEquals("run wf1/j9 is not parked in FAILED: no delivery of it is known",
        rejection(() -> connector.skip(run("j9"))));
  }

  @Test
  void changeScopeAddsAndRemovesWorkflowsAndDropsQueuedRunsOfRemovedOnes() {
    ConnectorWorkflow connector = startActive(spec().scopedTo("wf1", "wf2").build());
    connector.disable();
    connector.runCompleted(run("wf2", "j1"));

    ActionResult changed = connector.changeScope(List.of("wf3"), List.of("wf2"), false);
    connector.enable(true);
    connector.runCompleted(run("wf3", "j1"));

    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 1);
    assertEquals(List.of("wf1", "wf3"), state.spec().workflows());
    assertTrue(changed.message().startsWith("scope is now [wf1, wf3]"), changed.message());
    assertEquals(List.of(run("wf3", "j1")), harness.stagedRuns());
  }

  @Test
  void aWorkflowAddedToTheScopeGetsItsHistoryBackfilledBeforeItsLiveRuns() throws InterruptedException {
    harness.history(run("wf2", "h1"), run("wf2", "h2"), run("wf3", "h1"));
    Gate secondOld = harness.holdStage(run("wf2", "h2"));
    ConnectorWorkflow connector = startActive(spec().scopedTo("wf1").build());

    ActionResult changed = connector.changeScope(List.of("wf2"), List.of(), false);
    secondOld.awaitStarted();
    connector.runCompleted(run("wf2", "live"));
    connector.runCompleted(run("wf1", "j1"));
    harness.awaitConnector(connector, "wf1/j1 delivered while wf2's history is backfilled",
        s -> s.finished().recentlyFinished().contains("wf1/j1"));
    ConnectorState during = connector.state();
    secondOld.release();

    ConnectorState state = harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 4);
    assertTrue(changed.message().endsWith("history of [wf2] will be backfilled before their live runs"),
        changed.message());
    assertEquals(List.of(run("wf2", "live")), during.pending(), "the live run waits for the history");
    List<RunRef> wf2 = harness.stagedRuns().stream().filter(r -> r.workflowId().equals("wf2")).toList();
    assertEquals(List.of(run("wf2", "h1"), run("wf2", "h2"), run("wf2", "live")), wf2);
    assertTrue(harness.stagedRuns().stream().noneMatch(r -> r.workflowId().equals("wf3")), "wf3 is not in scope");
    assertTrue(state.scope().backfilling().isEmpty() && state.scope().queued().isEmpty());
    assertEquals(2, state.backfill().total());
  }

  @Test
  void aWorkflowAddedForNewRunsOnlyGetsNoHistory() {
    harness.history(run("wf2", "h1"), run("wf2", "h2"));
    ConnectorWorkflow connector = startActive(spec().scopedTo("wf1").build());

    ActionResult changed = connector.changeScope(List.of("wf2"), List.of(), true);
    connector.runCompleted(run("wf2", "live"));

    harness.awaitIdle(connector, ConnectorStatus.ACTIVE, 1);
    assertTrue(changed.message().endsWith("only new runs of [wf2] are delivered, no history"), changed.message());
    assertEquals(List.of(run("wf2", "live")), harness.stagedRuns());
  }

  @Test
  void changeScopeIsRejectedWhenItNamesNothingOrLeavesNothingOrRemovesAnUnknownWorkflow() {
    ConnectorWorkflow connector = startActive(spec().scopedTo("wf1").build());

    assertEquals("name workflows to --add or --remove", rejection(() -> connector.changeScope(List.of(), List.of(), false)));
    assertEquals("not in scope: [wf9]", rejection(() -> connector.changeScope(List.of(), List.of("wf9"), false)));
    assertEquals("that would leave no workflow in scope: revoke the connector instead",
        rejection(() -> connector.changeScope(List.of(), List.of("wf1"), false)));
  }

  private ConnectorWorkflow startActive() {
    return startActive(spec().build());
  }

  private ConnectorWorkflow startActive(ConnectorSpec spec) {
    return harness.start(new ConnectorInput(spec, activeState(spec)));
  }
}
