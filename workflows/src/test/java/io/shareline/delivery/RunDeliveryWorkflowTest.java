package io.shareline.delivery;

import static io.shareline.delivery.DeliveryFixtures.request;
import static io.shareline.delivery.DeliveryFixtures.staged;
import static io.shareline.delivery.DeliveryFixtures.version;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.shareline.common.Failures;
import io.shareline.common.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class RunDeliveryWorkflowTest {
  private static final RunRef RUN = new RunRef("wf1", "job-1");
  private static final StageResults.BatchLoaded LOADED =
      new StageResults.BatchLoaded("wf_wf1__v1", 1, List.of(RUN.jobId()), List.of());

  private TestWorkflowEnvironment env;
  private DeliveryActivities activities;
  private WorkflowClient client;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    DeliveryFixtures.registerSearchAttributes(env);
    Worker worker = env.newWorker(TaskQueues.DELIVERY);
    worker.registerWorkflowImplementationTypes(RunDeliveryWorkflowImpl.class);
    activities = mock(DeliveryActivities.class, withSettings().withoutAnnotations());
    worker.registerActivitiesImplementations(activities);
    client = env.getWorkflowClient();
    env.start();
    when(activities.stage(any())).thenReturn(staged(RUN, 7));
    when(activities.schema(any(), any())).thenReturn(version(RUN));
    when(activities.load(any())).thenReturn(LOADED);
    when(activities.publish(any())).thenReturn(new StageResults.Published(List.of("wf_wf1__v1"), true));
    when(activities.share(any())).thenReturn(new StageResults.Shared("share", List.of("wf_wf1__v1")));
    when(activities.verify(any())).thenReturn(
        new StageResults.BatchVerified(Map.of(RUN.jobId(), 7L), 7, true, List.of("wf_wf1__v1")));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private RunDeliveryWorkflow newDelivery() {
    return client.newWorkflowStub(RunDeliveryWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.DELIVERY).setWorkflowId("delivery/c1/wf1/job-1").build());
  }

  @Test
  void stagesRunInDesignOrderWithLoadOnwardOverABatchOfOneAndTheRunEndsDelivered() {
    DeliveryOutcome outcome = newDelivery().deliver(request("c1", RUN));

    assertEquals(DeliveryState.Status.DELIVERED, outcome.status());
    assertEquals(7, outcome.rows());
    InOrder order = inOrder(activities);
    order.verify(activities).stage(any());
    order.verify(activities).schema(any(), any());
    order.verify(activities).load(argThat(batch -> batch.runs().size() == 1 && batch.runs().get(0).run().equals(RUN)));
    order.verify(activities).publish(any());
    order.verify(activities).share(any());
    order.verify(activities).verify(any());
  }

  @Test
  void aDeliveryWhoseConnectorIsGoneGoesOnWithoutTheCommitLock() {
    DeliveryRequest orphan = new DeliveryRequest(DeliveryFixtures.connector("c1"), RUN, false, true);

    DeliveryOutcome outcome = newDelivery().deliver(orphan);

    assertEquals(DeliveryState.Status.DELIVERED, outcome.status());
    verify(activities, times(1)).verify(any());
  }

  @Test
  void aNonRetryableFailureParksTheRunInFailedAndNoLaterStageRuns() {
    when(activities.load(any())).thenThrow(Failures.STORAGE_INVALID.failure("table path is a file"));
    RunDeliveryWorkflow delivery = newDelivery();
    WorkflowClient.start(delivery::deliver, request("c1", RUN));

    DeliveryState state = awaitStatus(delivery, DeliveryState.Status.FAILED);

    assertEquals(DeliveryStage.LOAD, state.failure().stage());
    assertEquals("STORAGE_INVALID", state.failure().type());
    assertEquals("table path is a file", state.failure().message());
    verify(activities, times(1)).load(any());
    verify(activities, never()).publish(any());
    verify(activities, never()).verify(any());
  }

  @Test
  void retriesRunOutBeforeTheRunParksInFailed() {
    when(activities.share(any())).thenThrow(Failures.PROVIDER_TRANSIENT.failure("503 from provider"));
    RunDeliveryWorkflow delivery = newDelivery();
    WorkflowClient.start(delivery::deliver, request("c1", RUN));

    DeliveryState state = awaitStatus(delivery, DeliveryState.Status.FAILED);

    assertEquals(DeliveryStage.SHARE, state.failure().stage());
    verify(activities, times(6)).share(any());
    verify(activities, never()).verify(any());
  }

  @Test
  void aRetrySignalRunsTheFailedStageAgainAndTheStagesAfterIt() {
    when(activities.load(any()))
        .thenThrow(Failures.STORAGE_INVALID.failure("broken"))
        .thenReturn(LOADED);
    RunDeliveryWorkflow delivery = newDelivery();
    WorkflowClient.start(delivery::deliver, request("c1", RUN));
    awaitStatus(delivery, DeliveryState.Status.FAILED);

    delivery.retry();
    DeliveryOutcome outcome = WorkflowStub.fromTyped(delivery).getResult(DeliveryOutcome.class);

    assertEquals(DeliveryState.Status.DELIVERED, outcome.status());
    verify(activities, times(1)).stage(any());
    verify(activities, times(2)).load(any());
    verify(activities, times(1)).verify(any());
    assertEquals(1, delivery.state().retries());
  }

  @Test
  void aSkipSignalEndsAFailedRunAsSkippedWithoutRunningLaterStages() {
    when(activities.stage(any())).thenThrow(Failures.SOURCE_MALFORMED.failure("rows.jsonl line 3 is not JSON"));
    RunDeliveryWorkflow delivery = newDelivery();
    WorkflowClient.start(delivery::deliver, request("c1", RUN));
    awaitStatus(delivery, DeliveryState.Status.FAILED);

    delivery.skip();
    DeliveryOutcome outcome = WorkflowStub.fromTyped(delivery).getResult(DeliveryOutcome.class);

    assertEquals(DeliveryState.Status.SKIPPED, outcome.status());
    assertFalse(outcome.alreadyDelivered());
    verify(activities, never()).schema(any(), any());
  }

  private DeliveryState awaitStatus(RunDeliveryWorkflow delivery, DeliveryState.Status wanted) {
    for (int i = 0; i < 600; i++) {
      try {
        DeliveryState state = delivery.state();
        if (state.status() == wanted) {
          return state;
        }
      } catch (RuntimeException notStartedYet) {
        // the first workflow task may not have run yet
      }
      env.sleep(Duration.ofSeconds(1));
    }
    throw new AssertionError("delivery never reached " + wanted + ": " + delivery.state());
  }
}
