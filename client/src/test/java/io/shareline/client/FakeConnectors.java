package io.shareline.client;

import io.shareline.common.SearchAttributes;
import io.shareline.common.TaskQueues;
import io.shareline.backfill.BackfillReport;
import io.shareline.connector.ActionResult;
import io.shareline.connector.ConnectorInput;
import io.shareline.connector.ConnectorSpec;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.ConnectorStatus;
import io.shareline.connector.ConnectorWorkflow;
import io.shareline.delivery.DeliveryFailed;
import io.shareline.delivery.DeliveryOutcome;
import io.shareline.delivery.DeliveryRequest;
import io.shareline.delivery.DeliveryStage;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunDeliveryWorkflow;
import io.shareline.delivery.RunRef;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.List;

/**
 * An in-process Temporal server running test doubles of the connector and delivery workflows, so
 * the client is tested against real starts, signals and queries without the activities module.
 */
public final class FakeConnectors implements AutoCloseable {

  /** A recipient the fake connector fails on, as a provider refusing it would. */
  public static final String REFUSED_RECIPIENT = "refused";
  /** Runs whose job id starts with this wait in FAILED(LOAD) until skipped. */
  public static final String BROKEN_JOB = "broken";
  /** How long the fake connector stays PROVISIONING. */
  public static final Duration PROVISIONING_TIME = Duration.ofSeconds(1);
  public static final long ROWS_PER_RUN = 10;

  private final TestWorkflowEnvironment env;

  private FakeConnectors() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    SearchAttributes.ALL.forEach(
        key -> env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    Worker worker = env.newWorker(TaskQueues.DELIVERY);
    worker.registerWorkflowImplementationTypes(FakeConnector.class, FakeDelivery.class);
    env.start();
  }

  public static FakeConnectors start() {
    return new FakeConnectors();
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  @Override
  public void close() {
    env.close();
  }

  /** A spec builder with harmless defaults; tests change only what they are about. */
  public static ConnectorSpec spec(String connectorId) {
    return new ConnectorSpec(connectorId, "/data/source", "local", connectorId + "-recipient", List.of(), true);
  }

  public static ConnectorSpec spec(String connectorId, String recipient) {
    return new ConnectorSpec(connectorId, "/data/source", "local", recipient, List.of(), true);
  }

  /** Provisions (or fails to), then delivers queued runs one at a time through child workflows. */
  public static class FakeConnector implements ConnectorWorkflow {
    private final ConnectorState state;

    @WorkflowInit
    public FakeConnector(ConnectorInput input) {
      state = new ConnectorState(input.spec());
    }

    @Override
    public void run(ConnectorInput input) {
      Workflow.sleep(PROVISIONING_TIME);
      if (REFUSED_RECIPIENT.equals(state.spec.recipient())) {
        throw ApplicationFailure.newNonRetryableFailure("provider refused the recipient", "ProvisionFailed");
      }
      state.status = ConnectorStatus.ACTIVE;
      while (true) {
        Workflow.await(() -> !state.pending.isEmpty());
        RunRef run = state.pending.remove(0);
        state.inFlight.put(run.workflowId(), run);
        DeliveryOutcome outcome =
            Workflow.newChildWorkflowStub(
                    RunDeliveryWorkflow.class,
                    ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(
                            TaskQueues.deliveryWorkflowId(state.spec.connectorId(), run.workflowId(), run.jobId()))
                        .build())
                .deliver(new DeliveryRequest(state.spec, run, false));
        state.inFlight.remove(run.workflowId());
        state.done.add(run.key());
        if (outcome.status() == DeliveryState.Status.SKIPPED) {
          state.skipped.add(run.key());
        } else {
          state.runsDelivered++;
          state.rowsDelivered += outcome.rows();
        }
      }
    }

    @Override
    public void runCompleted(RunRef run) {
      if (!state.isKnown(run)) {
        state.pending.add(run);
      }
    }

    @Override
    public ActionResult disable() {
      state.resumeTo = state.status;
      state.status = ConnectorStatus.DISABLED;
      return result("disabled");
    }

    @Override
    public void validateDisable() {
      reject(state.status != ConnectorStatus.ACTIVE, "connector is " + state.status + ", not ACTIVE");
    }

    @Override
    public ActionResult enable(boolean backfillMissed) {
      state.status = state.resumeTo;
      return result("enabled" + (backfillMissed ? " with missed runs" : ""));
    }

    @Override
    public void validateEnable(boolean backfillMissed) {
      reject(state.status != ConnectorStatus.DISABLED, "connector is " + state.status + ", not DISABLED");
    }

    @Override
    public ActionResult revoke(boolean purge, boolean confirmed) {
      state.status = ConnectorStatus.REVOKED;
      return result("revoked; data " + (purge ? "purged" : "kept"));
    }

    @Override
    public void validateRevoke(boolean purge, boolean confirmed) {
      reject(purge && !confirmed, "purge needs confirmation");
    }

    @Override
    public ActionResult rotateToken(long existingTokenExpiresInSeconds) {
      return result("token rotated; old token expires in " + existingTokenExpiresInSeconds + " s");
    }

    @Override
    public void validateRotateToken(long existingTokenExpiresInSeconds) {
      reject(state.status == ConnectorStatus.REVOKED, "connector is revoked");
    }

    @Override
    public ActionResult retry(RunRef run) {
      return result("retrying " + run.key());
    }

    @Override
    public void validateRetry(RunRef run) {
      reject(!run.jobId().startsWith(BROKEN_JOB), "run " + run.key() + " is not parked in FAILED");
    }

    @Override
    public ActionResult skip(RunRef run) {
      Workflow.newExternalWorkflowStub(RunDeliveryWorkflow.class,
          TaskQueues.deliveryWorkflowId(state.spec.connectorId(), run.workflowId(), run.jobId())).skip();
      return result("skipped " + run.key());
    }

    @Override
    public void validateSkip(RunRef run) {
      validateRetry(run);
    }

    @Override
    public ActionResult changeScope(List<String> add, List<String> remove) {
      return result("scope +" + add + " -" + remove);
    }

    @Override
    public void validateChangeScope(List<String> add, List<String> remove) {
      reject(add.isEmpty() && remove.isEmpty(), "name workflows to --add or --remove");
    }

    @Override
    public ActionResult continueAsNewNow() {
      return result("continuing as new");
    }

    @Override
    public void validateContinueAsNewNow() {}

    @Override
    public void acquireCommitLock(String deliveryWorkflowId) {}

    @Override
    public void releaseCommitLock(String deliveryWorkflowId) {}

    @Override
    public void deliveryFailed(DeliveryFailed failed) {}

    @Override
    public void backfillReport(BackfillReport report) {}

    @Override
    public ConnectorState state() {
      return state;
    }

    private ActionResult result(String message) {
      return new ActionResult(state.spec.connectorId(), state.status, message);
    }

    private static void reject(boolean invalid, String why) {
      if (invalid) {
        throw new IllegalArgumentException(why);
      }
    }
  }

  /** Delivers at once, or waits in FAILED(LOAD) for a skip when the job id says so. */
  public static class FakeDelivery implements RunDeliveryWorkflow {
    private DeliveryState state;
    private boolean skipped;

    @WorkflowInit
    public FakeDelivery(DeliveryRequest request) {
      state = new DeliveryState(request.run(), DeliveryState.Status.RUNNING, DeliveryStage.STAGE, 0, null);
    }

    @Override
    public DeliveryOutcome deliver(DeliveryRequest request) {
      RunRef run = request.run();
      if (run.jobId().startsWith(BROKEN_JOB)) {
        state =
            new DeliveryState(
                run,
                DeliveryState.Status.FAILED,
                DeliveryStage.LOAD,
                0,
                new DeliveryState.StageFailure(DeliveryStage.LOAD, "DeltaConflict", "concurrent commit"));
        Workflow.await(() -> skipped);
        state = new DeliveryState(run, DeliveryState.Status.SKIPPED, DeliveryStage.LOAD, 0, null);
        return new DeliveryOutcome(run, DeliveryState.Status.SKIPPED, 1, 0, false);
      }
      state = new DeliveryState(run, DeliveryState.Status.DELIVERED, DeliveryStage.VERIFY, 0, null);
      return new DeliveryOutcome(run, DeliveryState.Status.DELIVERED, 1, ROWS_PER_RUN, false);
    }

    @Override
    public void retry() {}

    @Override
    public void commitLockGranted() {}

    @Override
    public void skip() {
      skipped = true;
    }

    @Override
    public DeliveryState state() {
      return state;
    }
  }
}
