package io.shareline.connector;

import static io.shareline.connector.ConnectorStatus.ACTIVE;
import static io.shareline.connector.ConnectorStatus.BACKFILLING;
import static io.shareline.connector.ConnectorStatus.DISABLED;
import static io.shareline.connector.ConnectorStatus.FIRST_LIVE_DELIVERY;
import static io.shareline.connector.ConnectorStatus.PROVISIONING;
import static io.shareline.connector.ConnectorStatus.REVOKED;
import static io.shareline.connector.ConnectorStatus.VERIFYING_EMPTY_SHARE;

import io.shareline.activitylog.ActivityLogInput;
import io.shareline.activitylog.ActivityLogOptions;
import io.shareline.activitylog.ActivityLogSyncWorkflow;
import io.shareline.backfill.BackfillInput;
import io.shareline.backfill.BackfillProgress;
import io.shareline.backfill.BackfillReport;
import io.shareline.backfill.BackfillSignals;
import io.shareline.backfill.BackfillWorkflow;
import io.shareline.common.SearchAttributes;
import io.shareline.common.TaskQueues;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.DeliveryDispatcher;
import io.shareline.delivery.DeliveryFailed;
import io.shareline.delivery.DeliverySignals;
import io.shareline.delivery.RunRef;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.temporal.workflow.WorkflowLock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * PROVISIONING → VERIFYING_EMPTY_SHARE → FIRST_LIVE_DELIVERY → BACKFILLING → ACTIVE, with DISABLED
 * pausing the last two and REVOKED closing the connector. Every run goes through a
 * {@code RunDeliveryWorkflow} child: one at a time per source workflow, several workflows at once.
 */
public class ConnectorWorkflowImpl implements ConnectorWorkflow, DeliverySignals, BackfillSignals {

  /** {@code Workflow.getVersion} change id: workflows added to the scope get their history backfilled. */
  static final String SCOPE_BACKFILL = "scope-add-backfill";

  /** {@code Workflow.getVersion} change id: live runs are delivered while the backfill runs, not after it. */
  static final String LIVE_DURING_BACKFILL = "live-during-backfill";

  private final ConnectorState state;
  private final WorkflowLock lock = Workflow.newWorkflowLock();
  private final ConnectorActions actions;
  private final CommitLock commitLock;
  private final DeliveryOutcomes outcomes;
  private final DeliveryDispatcher deliveries;

  /** State exists before any handler runs, so a signal-with-start's run is never dropped. */
  @WorkflowInit
  public ConnectorWorkflowImpl(ConnectorInput input) {
    state = input.carried() != null ? input.carried() : new ConnectorState(input.spec());
    actions = new ConnectorActions(state, lock);
    commitLock = new CommitLock(state.commitLock());
    outcomes = new DeliveryOutcomes(state, commitLock);
    deliveries = new DeliveryDispatcher(state.deliveries(), false, outcomes);
  }

  @Override
  public void run(ConnectorInput input) {
    Workflow.upsertTypedSearchAttributes(SearchAttributes.CONNECTOR_ID.valueSet(state.spec().connectorId()),
        SearchAttributes.CONNECTOR_STATE.valueSet(state.status().name()));
    if (state.phase() == PROVISIONING) {
      provision();
    }
    if (state.phase() == VERIFYING_EMPTY_SHARE) {
      verifyEmptyShare();
    }
    if (state.phase() == FIRST_LIVE_DELIVERY) {
      firstLiveDelivery();
    }
    if (state.phase() == BACKFILLING) {
      backfill();
    }
    if (state.phase() == ACTIVE) {
      serve();
    }
    Workflow.setCurrentDetails("REVOKED: the recipient has no access; data " + (state.revoked().purged() ? "purged" : "kept"));
    Workflow.await(Workflow::isEveryHandlerFinished);
  }

  private void provision() {
    Workflow.setCurrentDetails("Provisioning recipient, share, schema and storage path");
    Provisioned provisioned = onboardingStep("Provision connector", a -> a.provision(state.spec()));
    if (provisioned != null) {
      state.provisioned(provisioned);
      actions.moveTo(VERIFYING_EMPTY_SHARE);
    }
  }

  private void verifyEmptyShare() {
    Workflow.setCurrentDetails("Verifying the empty share and the recipient's grant");
    if (onboardingStep("Verify empty share of", a -> a.verifyEmptyShare(state.spec())) == null) {
      return;
    }
    Workflow.setCurrentDetails("Registering historical schema versions in the order they appeared");
    SchemaHistory history = onboardingStep("Register schema history of", a -> a.registerSchemaHistory(state.spec()));
    if (history != null) {
      state.historyFound(history);
      actions.moveTo(FIRST_LIVE_DELIVERY);
    }
  }

  /** The newest run goes first and must verify before any history is published. */
  private void firstLiveDelivery() {
    if (state.inFlight().isEmpty()) {
      RunRef newest = state.history() == null ? null : state.history().newest();
      if (state.pending().isEmpty() && newest == null) {
        Workflow.setCurrentDetails("Waiting for the first live run");
        Workflow.await(() -> !state.pending().isEmpty() || revoked());
        if (revoked()) {
          return;
        }
      }
      List<RunRef> first = new ArrayList<>(List.of(state.pending().isEmpty() ? newest : state.takeFirstQueued()));
      Workflow.setCurrentDetails("First live delivery: " + first.get(0).key() + ", before any history");
      deliveries.dispatch(state.spec(), first);
    }
    Workflow.await(() -> state.inFlight().isEmpty() || revoked());
    if (!revoked()) {
      actions.moveTo(BACKFILLING);
    }
  }

  /**
   * The backfill child reports each page. Live runs are delivered meanwhile (their LOAD takes the commit
   * lock, so a live and a backfill delivery of one workflow never write its tables at once).
   */
  private void backfill() {
    if (!state.activityLogStarted()) {
      startActivityLogSync();
    }
    if (state.history() == null || state.history().runs() == 0) {
      actions.moveTo(ACTIVE);
      return;
    }
    if (!state.backfillStarted()) {
      startBackfill(state.spec(), state.history().runs());
    }
    boolean live = Workflow.getVersion(LIVE_DURING_BACKFILL, Workflow.DEFAULT_VERSION, 1) == 1;
    while (!revoked() && !state.backfill().finished()) {
      boolean serving = live && state.status() != DISABLED && !continueAsNewWanted();
      if (serving) {
        deliveries.dispatch(state.spec(), state.queue(), state.heldWorkflows());
      }
      Workflow.setCurrentDetails((state.status() == DISABLED ? "DISABLED, backfill paused: " : "Backfilling: ")
          + state.backfill().describe() + "; " + state.pending().size() + " live runs queued"
          + (state.inFlight().isEmpty() ? "" : ", " + state.inFlight().size() + " live deliveries in flight")
          + (state.failed().isEmpty() ? "" : ", FAILED: " + state.failed().keySet()));
      int pages = state.backfill().pages();
      int ended = outcomes.ended();
      int failed = state.failed().size();
      Workflow.await(() -> revoked() || state.backfill().finished() || state.backfill().pages() != pages
          || (continueAsNewWanted() && state.inFlight().isEmpty())
          || (serving && (outcomes.ended() != ended || state.failed().size() != failed
              || deliveries.canDispatch(state.spec(), state.queue(), state.heldWorkflows()))));
      if (continueAsNewWanted() && state.inFlight().isEmpty()) {
        continueAsNew();
      }
    }
    if (state.status() == DISABLED) {
      state.resumeAfterBackfill();
    } else if (!revoked()) {
      actions.moveTo(ACTIVE);
    }
  }

  /** Abandoned on close, so the connector can continue as new while its history is being delivered. */
  private void startBackfill(ConnectorSpec spec, int runs) {
    String connectorId = spec.connectorId();
    List<String> exclude = state.knownKeys(spec);
    BackfillWorkflow child = Workflow.newChildWorkflowStub(BackfillWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(TaskQueues.backfillWorkflowId(connectorId))
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setStaticSummary("Backfill " + runs + " historical runs of connector " + connectorId
            + (spec.workflows().isEmpty() ? "" : " (workflows " + String.join(", ", spec.workflows()) + ")"))
        .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
            .set(SearchAttributes.CONNECTOR_ID, connectorId).build())
        .build());
    BackfillProgress progress = BackfillProgress.startedAt(Workflow.currentTimeMillis()).withTotal(runs);
    Async.function(child::run, new BackfillInput(spec, exclude, null, null, state.status() == DISABLED));
    Workflow.getWorkflowExecution(child).get();
    state.backfillStarted(progress);
  }

  /**
   * Workflows added to the scope of an ACTIVE connector get their history too, like at onboarding:
   * their schema versions are registered in the order they appeared, then a backfill delivers their
   * runs while their live runs wait (so each workflow's runs stay in order). One such backfill at a time.
   */
  private void backfillAddedWorkflows() {
    if (scopeBackfillFinished()) {
      state.scope().finished();
    }
    if (!scopeBackfillWaiting()) {
      return;
    }
    if (Workflow.getVersion(SCOPE_BACKFILL, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      state.scope().dropQueued();
      return;
    }
    List<String> added = List.copyOf(state.scope().queued());
    ConnectorSpec scoped = state.spec().withWorkflows(added);
    Workflow.setCurrentDetails("Registering historical schema versions of added workflows " + added);
    SchemaHistory history = onboardingStep("Register schema history of added workflows of",
        a -> a.registerSchemaHistory(scoped));
    if (history == null) {
      return;
    }
    state.scope().started(added, history.runs() > 0);
    if (history.runs() > 0) {
      startBackfill(scoped, history.runs());
    }
  }

  /** Whether {@link #backfillAddedWorkflows} has something to do. */
  private boolean scopeBackfillDue() {
    return scopeBackfillWaiting() || scopeBackfillFinished();
  }

  /** Added workflows wait for their history and no such backfill runs. */
  private boolean scopeBackfillWaiting() {
    return state.scope().waiting();
  }

  /** The backfill of added workflows has ended; their live runs may go. */
  private boolean scopeBackfillFinished() {
    return !state.scope().backfilling().isEmpty() && state.backfill() != null && state.backfill().finished();
  }

  /**
   * Activity history is exported once the first live delivery is verified, like the runs' history; a
   * connector without activity sharing starts it disabled, so it can be enabled later without a backfill gap.
   */
  private void startActivityLogSync() {
    ActivityLogSyncWorkflow sync = Workflow.newChildWorkflowStub(ActivityLogSyncWorkflow.class,
        ActivityLogOptions.childOptions(state.spec().connectorId()));
    Async.procedure(sync::run, ActivityLogInput.of(state.spec(), state.spec().activityLog()));
    Workflow.getWorkflowExecution(sync).get();
    state.activityLogSyncStarted();
  }

  private void serve() {
    while (!revoked()) {
      if (state.status() == ACTIVE && !continueAsNewWanted()) {
        backfillAddedWorkflows();
        deliveries.dispatch(state.spec(), state.queue(), state.heldWorkflows());
      }
      Workflow.setCurrentDetails(state.status() + ": " + state.inFlight().size() + " deliveries in flight "
          + state.inFlight().values().stream().map(RunRef::key).toList() + ", " + state.pending().size() + " queued, "
          + state.runsDelivered() + " delivered" + (state.failed().isEmpty() ? "" : ", FAILED: " + state.failed().keySet())
          + (state.scope().backfilling().isEmpty() ? "" : "; backfilling added workflows "
              + state.scope().backfilling() + ": " + state.backfill().describe()));
      if (continueAsNewWanted() && state.inFlight().isEmpty()) {
        continueAsNew();
      }
      int ended = outcomes.ended();
      int failed = state.failed().size();
      Workflow.await(() -> revoked() || outcomes.ended() != ended || state.failed().size() != failed
          || (state.status() == ACTIVE && !continueAsNewWanted()
              && (deliveries.canDispatch(state.spec(), state.queue(), state.heldWorkflows()) || scopeBackfillDue()))
          || (continueAsNewWanted() && state.inFlight().isEmpty()));
    }
  }

  private boolean continueAsNewWanted() {
    return state.continueAsNewRequested() || Workflow.getInfo().isContinueAsNewSuggested();
  }

  /** Only with no delivery child in flight (their promises would be lost) and no lock grant on its way. */
  private void continueAsNew() {
    Workflow.setCurrentDetails("Continuing as new with the whole state");
    Workflow.await(() -> Workflow.isEveryHandlerFinished() && commitLock.isSettled());
    state.continuingAsNew();
    Workflow.continueAsNew(new ConnectorInput(state.spec(), state));
  }

  /** Runs an onboarding activity under the lock, unless the connector was revoked meanwhile (then null). */
  private <T> T onboardingStep(String summary, Function<OnboardingActivities, T> call) {
    lock.lock();
    try {
      return revoked() ? null : call.apply(OnboardingOptions.activities(summary + " " + state.spec().connectorId()));
    } finally {
      lock.unlock();
    }
  }

  private boolean revoked() {
    return state.status() == REVOKED;
  }

  @Override
  public void runCompleted(RunRef run) {
    state.enqueue(run);
  }

  @Override
  public void acquireCommitLock(String deliveryWorkflowId) {
    commitLock.acquire(deliveryWorkflowId);
  }

  @Override
  public void releaseCommitLock(String deliveryWorkflowId) {
    commitLock.release(deliveryWorkflowId);
  }

  @Override
  public void deliveryFailed(DeliveryFailed failed) {
    state.failed(failed.run(), failed.failure());
  }

  @Override
  public void backfillReport(BackfillReport report) {
    outcomes.backfilled(report);
  }

  @Override
  public ActionResult disable() {
    return actions.disable();
  }

  @Override
  public void validateDisable() {
    actions.validateDisable();
  }

  @Override
  public ActionResult enable(boolean backfillMissed) {
    return actions.enable(backfillMissed);
  }

  @Override
  public void validateEnable(boolean backfillMissed) {
    actions.validateEnable(backfillMissed);
  }

  @Override
  public ActionResult revoke(boolean purge, boolean confirmed) {
    return actions.revoke(purge);
  }

  @Override
  public void validateRevoke(boolean purge, boolean confirmed) {
    actions.validateRevoke(purge, confirmed);
  }

  @Override
  public ActionResult rotateToken(long existingTokenExpiresInSeconds) {
    return actions.rotateToken(existingTokenExpiresInSeconds);
  }

  @Override
  public void validateRotateToken(long existingTokenExpiresInSeconds) {
    actions.validateRotateToken(existingTokenExpiresInSeconds);
  }

  @Override
  public ActionResult retry(RunRef run) {
    return actions.retry(run);
  }

  @Override
  public void validateRetry(RunRef run) {
    actions.validateFailedRun(run);
  }

  @Override
  public ActionResult skip(RunRef run) {
    return actions.skip(run);
  }

  @Override
  public void validateSkip(RunRef run) {
    actions.validateFailedRun(run);
  }

  @Override
  public ActionResult changeScope(List<String> add, List<String> remove, boolean newRunsOnly) {
    return actions.changeScope(add, remove, newRunsOnly);
  }

  @Override
  public void validateChangeScope(List<String> add, List<String> remove, boolean newRunsOnly) {
    actions.validateChangeScope(add, remove);
  }

  @Override
  public ActionResult continueAsNewNow() {
    return actions.continueAsNewNow();
  }

  @Override
  public void validateContinueAsNewNow() {
    actions.validateContinueAsNewNow();
  }

  @Override
  public ConnectorState state() {
    return state;
  }
}
