package io.shareline.client;

import io.shareline.backfill.BackfillInput;
import io.shareline.backfill.BackfillProgress;
import io.shareline.backfill.BackfillReport;
import io.shareline.backfill.BackfillSignals;
import io.shareline.backfill.BackfillWorkflow;
import io.shareline.common.SearchAttributes;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ActionResult;
import io.shareline.connector.ConnectorInput;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.ConnectorStatus;
import io.shareline.connector.ConnectorWorkflow;
import io.shareline.connector.Revoked;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.BatchBounds;
import io.shareline.delivery.BatchDeliveryWorkflow;
import io.shareline.delivery.BatchOutcome;
import io.shareline.delivery.BatchRequest;
import io.shareline.delivery.BatchState;
import io.shareline.delivery.DeliveryDispatcher;
import io.shareline.delivery.DeliveryFailed;
import io.shareline.delivery.DeliveryOutcome;
import io.shareline.delivery.DeliveryRequest;
import io.shareline.delivery.DeliverySignals;
import io.shareline.delivery.DeliveryStage;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunDeliveryWorkflow;
import io.shareline.delivery.RunRef;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process Temporal server running test doubles of the connector and delivery workflows, so
 * the client is tested against real starts, signals and queries without the activities module.
 */
public final class FakeConnectors implements AutoCloseable {

  /** A recipient the fake connector fails on, as a provider refusing it would. */
  public static final String REFUSED_RECIPIENT = "refused";
  /** A recipient the fake connector stays PROVISIONING for until the server closes, as a stuck provider would. */
  public static final String STUCK_RECIPIENT = "stuck-provisioning";
  /** Runs whose job id starts with this wait in FAILED(LOAD) until skipped. */
  public static final String BROKEN_JOB = "broken";
  /** How long the fake connector stays PROVISIONING. */
  public static final Duration PROVISIONING_TIME = Duration.ofSeconds(1);
  public static final long ROWS_PER_RUN = 10;
  /** A backfill batch holding a run whose job id starts with this waits at LOAD until released. */
  public static final String HELD_JOB = "held";

  /** Connector id → the history its fake backfill delivers; written before the backfill starts. */
  private static final Map<String, List<RunRef>> HISTORIES = new ConcurrentHashMap<>();

  private final TestWorkflowEnvironment env;

  private FakeConnectors() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    SearchAttributes.ALL.forEach(
        key -> env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    Worker worker = env.newWorker(TaskQueues.DELIVERY);
    worker.registerWorkflowImplementationTypes(
        FakeConnector.class, FakeDelivery.class, FakeBackfill.class, FakeBatch.class);
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

  /** Starts the connector's backfill over {@code history}: its runs of one source workflow go as one batch. */
  public void startBackfill(ConnectorSpec spec, List<RunRef> history) {
    HISTORIES.put(spec.connectorId(), List.copyOf(history));
    BackfillWorkflow backfill = client().newWorkflowStub(BackfillWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(TaskQueues.backfillWorkflowId(spec.connectorId()))
        .setTaskQueue(TaskQueues.DELIVERY)
        .build());
    WorkflowClient.start(backfill::run, new BackfillInput(spec, List.of(), null, null, false));
  }

  /** Lets a batch held at LOAD go on. */
  public void releaseBatch(String batchWorkflowId) {
    client().newWorkflowStub(BatchDeliveryWorkflow.class, batchWorkflowId).commitLockGranted();
  }

  /** A spec builder with harmless defaults; tests change only what they are about. */
  public static ConnectorSpec spec(String connectorId) {
    return new ConnectorSpec(connectorId, "/data/source", "local", connectorId + "-recipient", List.of(), true);
  }

  public static ConnectorSpec spec(String connectorId, String recipient) {
    return new ConnectorSpec(connectorId, "/data/source", "local", recipient, List.of(), true);
  }

  /** Provisions (or fails to), then delivers queued runs one at a time through child workflows. */
  public static class FakeConnector implements ConnectorWorkflow, DeliverySignals, BackfillSignals {
    private final ConnectorState state;

    @WorkflowInit
    public FakeConnector(ConnectorInput input) {
      state = new ConnectorState(input.spec());
    }

    @Override
    public void run(ConnectorInput input) {
      Workflow.sleep(PROVISIONING_TIME);
      if (STUCK_RECIPIENT.equals(state.spec().recipient())) {
        // Time is real here: a test that must see PROVISIONING cannot count on asking within PROVISIONING_TIME.
        Workflow.await(() -> false);
      }
      if (REFUSED_RECIPIENT.equals(state.spec().recipient())) {
        throw ApplicationFailure.newNonRetryableFailure("provider refused the recipient", "ProvisionFailed");
      }
      state.moveTo(ConnectorStatus.ACTIVE);
      while (true) {
        Workflow.await(() -> !state.pending().isEmpty());
        RunRef run = state.pending().get(0);
        state.started(run);
        DeliveryOutcome outcome =
            Workflow.newChildWorkflowStub(
                    RunDeliveryWorkflow.class,
                    ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(
                            TaskQueues.deliveryWorkflowId(state.spec().connectorId(), run.workflowId(), run.jobId()))
                        .build())
                .deliver(new DeliveryRequest(state.spec(), run, false));
        if (outcome.status() == DeliveryState.Status.SKIPPED) {
          state.skipped(run);
        } else {
          state.delivered(run, outcome.rows());
        }
      }
    }

    @Override
    public void runCompleted(RunRef run) {
      state.enqueue(run);
    }

    @Override
    public ActionResult disable() {
      state.disable();
      return result("disabled");
    }

    @Override
    public void validateDisable() {
      reject(state.status() != ConnectorStatus.ACTIVE, "connector is " + state.status() + ", not ACTIVE");
    }

    @Override
    public ActionResult enable(boolean backfillMissed) {
      state.enable(backfillMissed);
      return result("enabled" + (backfillMissed ? " with missed runs" : ""));
    }

    @Override
    public void validateEnable(boolean backfillMissed) {
      reject(state.status() != ConnectorStatus.DISABLED, "connector is " + state.status() + ", not DISABLED");
    }

    @Override
    public ActionResult revoke(boolean purge, boolean confirmed) {
      state.revoked(new Revoked(state.spec().recipient(), true, purge));
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
      reject(state.status() == ConnectorStatus.REVOKED, "connector is revoked");
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
          TaskQueues.deliveryWorkflowId(state.spec().connectorId(), run.workflowId(), run.jobId())).skip();
      return result("skipped " + run.key());
    }

    @Override
    public void validateSkip(RunRef run) {
      validateRetry(run);
    }

    @Override
    public ActionResult changeScope(List<String> add, List<String> remove, boolean newRunsOnly) {
      return result("scope +" + add + " -" + remove);
    }

    @Override
    public void validateChangeScope(List<String> add, List<String> remove, boolean newRunsOnly) {
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
    public void backfillReport(BackfillReport report) {
      if (!state.backfillStarted()) {
        state.backfillStarted(report.progress());
      }
      state.backfilled(report);
    }

    @Override
    public ConnectorState state() {
      return state;
    }

    private ActionResult result(String message) {
      return new ActionResult(state.spec().connectorId(), state.status(), message);
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

  /** One page: the connector's history through the real {@link DeliveryDispatcher}, naming batches as production does. */
  public static class FakeBackfill implements BackfillWorkflow {
    private final TreeMap<String, RunRef> inFlight = new TreeMap<>();
    private DeliveryDispatcher deliveries;

    @Override
    public BackfillProgress run(BackfillInput input) {
      ConnectorSpec spec = input.spec();
      deliveries = new DeliveryDispatcher(inFlight, true, new DeliveryDispatcher.Listener() {
        @Override
        public void delivered(RunRef run, DeliveryOutcome outcome) {}

        @Override
        public void abandoned(RunRef run, RuntimeException failure) {}
      }, BatchBounds.runs(spec.orchestration().backfillBatchSize()));
      List<RunRef> queue = new ArrayList<>(HISTORIES.get(spec.connectorId()));
      while (!queue.isEmpty() || !inFlight.isEmpty()) {
        deliveries.dispatch(spec, queue);
        Workflow.await(() -> deliveries.canDispatch(spec, queue) || inFlight.isEmpty());
      }
      return BackfillProgress.startedAt(0).pageDone(true);
    }

    @Override
    public void pause() {}

    @Override
    public void resume() {}

    @Override
    public BackfillProgress progress() {
      return BackfillProgress.startedAt(0);
    }

    @Override
    public List<RunRef> inFlight() {
      return List.copyOf(inFlight.values());
    }

    @Override
    public String batchOf(RunRef run) {
      return deliveries == null ? null : deliveries.batchOf(run).orElse(null);
    }
  }

  /**
   * Delivers its runs in job order: waits at LOAD before a held run until released; at a broken run gives up
   * and delivers it and the rest alone, as {@link FakeDelivery}s.
   */
  public static class FakeBatch implements BatchDeliveryWorkflow {
    private BatchState state = new BatchState(List.of(), DeliveryStage.STAGE, 0, null, null);
    private boolean released;

    @Override
    public BatchOutcome deliver(BatchRequest request) {
      List<RunRef> runs = request.runs();
      List<DeliveryOutcome> outcomes = new ArrayList<>();
      String fallbackCause = null;
      for (RunRef run : runs) {
        if (run.jobId().startsWith(BROKEN_JOB)) {
          fallbackCause = "LOAD failed (DeltaConflict)";
        }
        if (fallbackCause != null) {
          state = new BatchState(runs, DeliveryStage.LOAD, outcomes.size(), run, fallbackCause);
          outcomes.add(deliverAlone(request, run));
          continue;
        }
        state = new BatchState(runs, DeliveryStage.LOAD, outcomes.size(), null, null);
        if (run.jobId().startsWith(HELD_JOB)) {
          Workflow.await(() -> released);
        }
        outcomes.add(new DeliveryOutcome(run, DeliveryState.Status.DELIVERED, 1, ROWS_PER_RUN, false));
      }
      state = new BatchState(runs, DeliveryStage.VERIFY, outcomes.size(), null, fallbackCause);
      return new BatchOutcome(outcomes);
    }

    private static DeliveryOutcome deliverAlone(BatchRequest request, RunRef run) {
      String id = TaskQueues.deliveryWorkflowId(request.connectorId(), run.workflowId(), run.jobId());
      return Workflow.newChildWorkflowStub(RunDeliveryWorkflow.class,
          ChildWorkflowOptions.newBuilder().setWorkflowId(id).build()).deliver(request.request(run));
    }

    @Override
    public void commitLockGranted() {
      released = true;
    }

    @Override
    public BatchState state() {
      return state;
    }
  }
}
