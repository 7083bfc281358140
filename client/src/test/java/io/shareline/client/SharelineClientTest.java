package io.shareline.client;

import static io.shareline.client.FakeConnectors.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.backfill.BackfillProgress;
import io.shareline.backfill.BackfillReport;
import io.shareline.backfill.BackfillSignals;
import io.shareline.common.SearchAttributes;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.ConnectorStatus;
import io.shareline.connector.ConnectorWorkflow;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.connector.spec.DeliverySettings;
import io.shareline.delivery.DeliveryStage;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunRef;
import io.temporal.client.WorkflowExecutionDescription;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SharelineClientTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static FakeConnectors temporal;
  private static SharelineClient client;

  @BeforeAll
  static void startServer() {
    temporal = FakeConnectors.start();
    client = new SharelineClient(temporal.client());
  }

  @AfterAll
  static void stopServer() {
    temporal.close();
  }

  @Test
  void createdConnectorAnswersTheStatusQueryWithItsSpec() {
    ConnectorSpec spec = spec("created", FakeConnectors.STUCK_RECIPIENT);

    client.createConnector(spec);

    ConnectorState state = client.status("created");
    assertEquals(spec, state.spec());
    assertEquals(ConnectorStatus.PROVISIONING, state.status());
  }

  @Test
  void createdConnectorCarriesItsSummaryAndConnectorIdAttribute() {
    client.createConnector(spec("described"));

    WorkflowExecutionDescription description =
        temporal.client().newUntypedWorkflowStub(TaskQueues.connectorWorkflowId("described")).describe();
    assertEquals("Connector described: local share of /data/source", description.getStaticSummary());
    assertEquals("described", description.getTypedSearchAttributes().get(SearchAttributes.CONNECTOR_ID));
    assertEquals(TaskQueues.DELIVERY, description.getTaskQueue());
  }

  @Test
  void creatingTheSameConnectorTwiceIsANoOp() {
    client.createConnector(spec("twice"));
    client.createConnector(spec("twice"));

    assertEquals(spec("twice"), client.status("twice").spec());
  }

  @Test
  void creatingAnExistingConnectorWithAnotherSpecFails() {
    client.createConnector(spec("taken"));

    ConnectorAlreadyExists failure =
        assertThrows(ConnectorAlreadyExists.class, () -> client.createConnector(spec("taken", "someone-else")));

    assertEquals("taken", failure.connectorId());
    assertTrue(failure.getMessage().contains("another spec"), failure.getMessage());
  }

  @Test
  void creatingAConnectorWithAnInvalidStagingPatternStartsNothing() {
    ConnectorSpec spec = new ConnectorSpec("bad-pattern", "/data/source", "local", "r", List.of(), true,
        new DeliverySettings(null, null, "{workflow}-{jobid}-{part}", false));

    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> client.createConnector(spec));
    assertThrows(IllegalArgumentException.class, () -> client.runCompleted(spec, new RunRef("wf", "job")));

    assertTrue(failure.getMessage().contains("unknown placeholder {jobid}"), failure.getMessage());
    assertThrows(ConnectorNotFound.class, () -> client.status("bad-pattern"));
  }

  @Test
  void awaitStatusReturnsOnceTheConnectorReachesIt() {
    client.createConnector(spec("onboarding"));

    ConnectorState state = client.awaitStatus("onboarding", ConnectorStatus.ACTIVE, WAIT);

    assertEquals(ConnectorStatus.ACTIVE, state.status());
  }

  @Test
  void runCompletedSignalReachesTheConnectorWhichDeliversTheRun() {
    client.createConnector(spec("signalled"));
    RunRef run = new RunRef("wf-1", "job-1");

    client.runCompleted("signalled", run);
    ConnectorState state = client.awaitIdle("signalled", WAIT);

    assertEquals(1, state.runsDelivered());
    assertEquals(FakeConnectors.ROWS_PER_RUN, state.rowsDelivered());
    assertEquals(DeliveryState.Status.DELIVERED, client.deliveryStatus("signalled", run).orElseThrow().status());
  }

  @Test
  void signalWithStartStartsAMissingConnectorAndQueuesTheRun() {
    ConnectorSpec spec = spec("started-by-run");

    client.runCompleted(spec, new RunRef("wf-1", "job-1"));
    ConnectorState state = client.awaitIdle("started-by-run", WAIT);

    assertEquals(spec, state.spec());
    assertEquals(List.of("wf-1/job-1"), List.copyOf(state.finished().recentlyFinished()));
  }

  @Test
  void signalWithStartOnARunningConnectorOnlyQueuesTheRun() {
    client.createConnector(spec("already-running"));

    client.runCompleted(spec("already-running"), new RunRef("wf-1", "job-1"));
    client.runCompleted(spec("already-running"), new RunRef("wf-1", "job-2"));

    assertEquals(2, client.awaitIdle("already-running", WAIT).runsDelivered());
  }

  @Test
  void statusOfAMissingConnectorIsConnectorNotFound() {
    ConnectorNotFound failure = assertThrows(ConnectorNotFound.class, () -> client.status("missing"));

    assertEquals("missing", failure.connectorId());
  }

  @Test
  void runCompletedForAMissingConnectorIsConnectorNotFound() {
    assertThrows(ConnectorNotFound.class, () -> client.runCompleted("missing", new RunRef("wf", "job")));
  }

  @Test
  void deliveryStatusIsEmptyForARunNeverDelivered() {
    client.createConnector(spec("no-deliveries"));

    assertEquals(Optional.empty(), client.deliveryStatus("no-deliveries", new RunRef("wf", "job")));
  }

  @Test
  void deliveryStatusShowsTheFailedStageOfTheCurrentRun() {
    client.createConnector(spec("failing-run"));
    RunRef run = new RunRef("wf-1", FakeConnectors.BROKEN_JOB + "-1");
    client.runCompleted("failing-run", run);

    DeliveryState delivery = awaitDelivery("failing-run", run);

    assertEquals(DeliveryState.Status.FAILED, delivery.status());
    assertEquals(new DeliveryState.StageFailure(delivery.stage(), "DeltaConflict", "concurrent commit"), delivery.failure());
    assertEquals(run, client.status("failing-run").inFlight().get("wf-1"));
  }

  @Test
  void deliveryStatusOfABackfilledRunComesFromTheBatchHoldingIt() {
    RunRef first = new RunRef("wf-1", "job-1");
    RunRef held = new RunRef("wf-1", FakeConnectors.HELD_JOB + "-2");
    RunRef last = new RunRef("wf-1", "job-3");
    temporal.startBackfill(spec("batched"), List.of(first, held, last));

    awaitStatus("batched", first, DeliveryState.Status.DELIVERED);

    assertEquals(new DeliveryState(held, DeliveryState.Status.RUNNING, DeliveryStage.LOAD, 0, null),
        client.deliveryStatus("batched", held).orElseThrow());
    assertEquals(DeliveryState.Status.RUNNING, client.deliveryStatus("batched", last).orElseThrow().status());
    temporal.releaseBatch(TaskQueues.batchWorkflowId("batched", "wf-1", "job-1", "job-3"));
    awaitStatus("batched", last, DeliveryState.Status.DELIVERED);
  }

  @Test
  void deliveryStatusOfARunItsBatchDeliveredAloneIsThatRunsOwnDelivery() {
    RunRef first = new RunRef("wf-1", "job-1");
    RunRef broken = new RunRef("wf-1", FakeConnectors.BROKEN_JOB + "-2");
    temporal.startBackfill(spec("gave-up"), List.of(first, broken, new RunRef("wf-1", "job-3")));

    DeliveryState delivery = awaitDelivery("gave-up", broken);

    assertEquals(new DeliveryState.StageFailure(DeliveryStage.LOAD, "DeltaConflict", "concurrent commit"),
        delivery.failure());
    assertEquals(DeliveryState.Status.DELIVERED, client.deliveryStatus("gave-up", first).orElseThrow().status());
  }

  @Test
  void backfillDeliveriesShowTheRunABatchIsOn() {
    RunRef held = new RunRef("wf-1", FakeConnectors.HELD_JOB + "-2");
    temporal.startBackfill(spec("batch-in-flight"), List.of(new RunRef("wf-1", "job-1"), held));

    awaitStatus("batch-in-flight", new RunRef("wf-1", "job-1"), DeliveryState.Status.DELIVERED);

    assertEquals(List.of(new DeliveryState(held, DeliveryState.Status.RUNNING, DeliveryStage.LOAD, 0, null)),
        client.backfillDeliveries("batch-in-flight"));
  }

  @Test
  void deliveryStatusOfARunOfAnEarlierBackfillPageIsTheConnectorsRecord() {
    client.createConnector(spec("paged"));
    RunRef run = new RunRef("wf-1", "old-job");
    temporal.client().newWorkflowStub(BackfillSignals.class, TaskQueues.connectorWorkflowId("paged"))
        .backfillReport(new BackfillReport(List.of(run), List.of(), List.of(), BackfillProgress.startedAt(0)));

    DeliveryState delivery = awaitStatus("paged", run, DeliveryState.Status.DELIVERED);

    assertEquals(DeliveryStage.VERIFY, delivery.stage());
  }

  @Test
  void awaitIdleTimesOutWithTheLastStateWhileARunIsStuck() {
    client.createConnector(spec("stuck"));
    RunRef run = new RunRef("wf-1", FakeConnectors.BROKEN_JOB + "-1");
    client.runCompleted("stuck", run);
    awaitDelivery("stuck", run);

    ConnectorWaitTimedOut failure =
        assertThrows(ConnectorWaitTimedOut.class, () -> client.awaitIdle("stuck", Duration.ofSeconds(1)));

    assertEquals(run, failure.lastState().inFlight().get("wf-1"));
  }

  @Test
  void awaitStatusStopsWithTheReasonWhenTheConnectorWorkflowFails() {
    client.createConnector(spec("refused", FakeConnectors.REFUSED_RECIPIENT));

    ConnectorClosed failure =
        assertThrows(ConnectorClosed.class, () -> client.awaitStatus("refused", ConnectorStatus.ACTIVE, WAIT));

    assertTrue(failure.getMessage().contains("FAILED: provider refused the recipient"), failure.getMessage());
  }

  @Test
  void aClosedConnectorIsNeverStartedAgain() {
    ConnectorSpec spec = spec("closed", FakeConnectors.REFUSED_RECIPIENT);
    client.createConnector(spec);
    assertThrows(ConnectorClosed.class, () -> client.awaitStatus("closed", ConnectorStatus.ACTIVE, WAIT));

    ConnectorAlreadyExists create = assertThrows(ConnectorAlreadyExists.class, () -> client.createConnector(spec));
    assertThrows(ConnectorClosed.class, () -> client.runCompleted(spec, new RunRef("wf", "job")));

    assertTrue(create.getMessage().contains("closed (FAILED)"), create.getMessage());
  }

  private static DeliveryState awaitDelivery(String connectorId, RunRef run) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<DeliveryState> delivery = client.deliveryStatus(connectorId, run);
      if (delivery.isPresent() && delivery.get().status() != DeliveryState.Status.RUNNING) {
        return delivery.get();
      }
      sleep();
    }
    throw new AssertionError("delivery of " + run.key() + " never settled");
  }

  private static DeliveryState awaitStatus(String connectorId, RunRef run, DeliveryState.Status wanted) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<DeliveryState> delivery = client.deliveryStatus(connectorId, run);
      if (delivery.isPresent() && delivery.get().status() == wanted) {
        return delivery.get();
      }
      sleep();
    }
    throw new AssertionError("delivery of " + run.key() + " never reached " + wanted);
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
