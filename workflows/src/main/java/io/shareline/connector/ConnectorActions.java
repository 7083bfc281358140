package io.shareline.connector;

import static io.shareline.connector.ConnectorStatus.ACTIVE;
import static io.shareline.connector.ConnectorStatus.BACKFILLING;
import static io.shareline.connector.ConnectorStatus.DISABLED;
import static io.shareline.connector.ConnectorStatus.REVOKED;

import io.shareline.activitylog.ActivityLogSyncWorkflow;
import io.shareline.backfill.BackfillWorkflow;
import io.shareline.common.SearchAttributes;
import io.shareline.common.TaskQueues;
import io.shareline.delivery.RunDeliveryWorkflow;
import io.shareline.delivery.RunRef;
import io.temporal.client.WorkflowException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The engineer's actions on a connector: each validator says why an action does not fit the current
 * state (the update is then rejected and never recorded), each handler does it and says what it did.
 */
final class ConnectorActions {
  private static final Logger log = Workflow.getLogger(ConnectorActions.class);

  private final ConnectorState state;
  private final WorkflowLock lock;
  private boolean revoking;

  ConnectorActions(ConnectorState state, WorkflowLock lock) {
    this.state = state;
    this.lock = lock;
  }

  void validateDisable() {
    requireOpen();
    reject(state.status() == DISABLED, "connector is already disabled");
    reject(state.status() != ACTIVE && state.status() != BACKFILLING,
        "connector is onboarding (" + state.status() + "): disable it once its first live delivery is verified");
  }

  ActionResult disable() {
    state.disable();
    announce();
    if (state.resumeTo() == BACKFILLING) {
      signalBackfill(BackfillWorkflow::pause);
    }
    signalActivityLog(sync -> sync.disable("connector disabled"));
    return result("disabled: new runs are recorded as skipped; " + state.inFlight().size() + " deliveries in flight finish");
  }

  void validateEnable(boolean backfillMissed) {
    requireOpen();
    reject(state.status() != DISABLED, "connector is " + state.status() + ", not DISABLED");
  }

  ActionResult enable(boolean backfillMissed) {
    List<RunRef> missed = state.enable(backfillMissed);
    announce();
    if (state.status() == BACKFILLING) {
      signalBackfill(BackfillWorkflow::resume);
    }
    if (state.spec().activityLog()) {
      signalActivityLog(ActivityLogSyncWorkflow::enable);
    }
    return result("enabled; " + missed.size() + " runs missed while disabled were "
        + (backfillMissed ? "queued for delivery" : "left skipped"));
  }

  void validateRevoke(boolean purge, boolean confirmed) {
    requireOpen();
    reject(purge && !confirmed, "purge deletes every shared table and its data: confirm it (--purge --yes)");
  }

  /** Under the lock, so it never interleaves with an onboarding step that (re)grants access. */
  ActionResult revoke(boolean purge) {
    revoking = true;
    lock.lock();
    try {
      state.revoked(OnboardingOptions.activities("Revoke " + state.spec().connectorId() + (purge ? " and purge its data" : ""))
          .revoke(new RevokeRequest(state.spec(), purge)));
      announce();
      signalActivityLog(sync -> sync.disable("connector revoked"));
      if (state.isBackfilling()) {
        cancelBackfill();
      }
      return result("revoked: " + state.revoked().recipient() + " lost access; data " + (purge ? "purged" : "kept"));
    } finally {
      lock.unlock();
      revoking = false;
    }
  }

  void validateRotateToken(long existingTokenExpiresInSeconds) {
    requireOpen();
    reject(state.provisioned() == null, "connector is not provisioned yet: its recipient has no token to rotate");
    reject(existingTokenExpiresInSeconds < 0 || existingTokenExpiresInSeconds > 7 * 24 * 3600,
        "the old token's grace period must be from 0 seconds to 7 days");
  }

  /** A new handler only: histories without this update replay unchanged, so no version gate is needed. */
  ActionResult rotateToken(long existingTokenExpiresInSeconds) {
    lock.lock();
    try {
      TokenRotated rotated = OnboardingOptions.activities("Rotate the token of " + state.spec().connectorId())
          .rotateToken(new RotateTokenRequest(state.spec(), existingTokenExpiresInSeconds));
      return result("token rotated: recipient " + rotated.recipient() + " has token " + rotated.tokenId()
          + " (expires " + rotated.expiresAt() + "), its activation link went to the secure contact's outbox;"
          + " the old token expires in " + existingTokenExpiresInSeconds + " s");
    } finally {
      lock.unlock();
    }
  }

  /** The activity-log sync outlives continue-as-new of the connector; it is reached by id. */
  private void signalActivityLog(java.util.function.Consumer<ActivityLogSyncWorkflow> signal) {
    if (state.activityLogStarted()) {
      signal.accept(Workflow.newExternalWorkflowStub(ActivityLogSyncWorkflow.class,
          ActivityLogSyncWorkflow.workflowId(state.spec().connectorId())));
    }
  }

  void validateFailedRun(RunRef run) {
    requireOpen();
    reject(run == null, "name the run: --workflow W --job J");
    if (!state.failed().containsKey(run.key())) {
      String now = run.equals(state.inFlight().get(run.workflowId())) ? "it is being delivered"
          : state.finished().contains(run) ? "it was delivered or skipped already"
          : state.pending().contains(run) ? "it is queued, not started" : "no delivery of it is known";
      reject(true, "run " + run.key() + " is not parked in FAILED: " + now);
    }
  }

  ActionResult retry(RunRef run) {
    boolean returned = state.isReturned(run);
    state.retry(run);
    if (returned) {
      return result("delivering " + run.key() + " again from STAGE, then the runs queued behind it");
    }
    signalDelivery(run, RunDeliveryWorkflow::retry);
    return result("retrying " + run.key() + " from its failed stage");
  }

  ActionResult skip(RunRef run) {
    boolean returned = state.isReturned(run);
    state.skip(run);
    if (returned) {
      return result("skipped " + run.key() + "; the runs queued behind it go on");
    }
    signalDelivery(run, RunDeliveryWorkflow::skip);
    return result("skipped " + run.key() + ": nothing after its failed stage runs");
  }

  void validateChangeScope(List<String> add, List<String> remove) {
    requireOpen();
    List<String> adding = add == null ? List.of() : add;
    List<String> removing = remove == null ? List.of() : remove;
    reject(adding.isEmpty() && removing.isEmpty(), "name workflows to --add or --remove");
    reject(state.status() != ACTIVE && state.status() != DISABLED,
        "connector is " + state.status() + ": change its scope once it is ACTIVE");
    reject(adding.stream().anyMatch(removing::contains), "a workflow cannot be both added and removed");
    reject(state.spec().workflows().isEmpty(), "connector shares every workflow; its scope cannot be narrowed or widened");
    reject(!state.spec().workflows().containsAll(removing), "not in scope: " + removing.stream()
        .filter(w -> !state.spec().workflows().contains(w)).toList());
    reject(scopeAfter(adding, removing).isEmpty(), "that would leave no workflow in scope: revoke the connector instead");
  }

  ActionResult changeScope(List<String> add, List<String> remove, boolean newRunsOnly) {
    List<String> scope = scopeAfter(add == null ? List.of() : add, remove == null ? List.of() : remove);
    List<String> added = scope.stream().filter(w -> !state.spec().workflows().contains(w)).toList();
    int dropped = state.rescope(scope, added, newRunsOnly);
    return result("scope is now " + scope + "; " + dropped + " queued runs dropped"
        + (added.isEmpty() ? "" : newRunsOnly ? "; only new runs of " + added + " are delivered, no history"
            : "; history of " + added + " will be backfilled before their live runs"));
  }

  void validateContinueAsNewNow() {
    requireOpen();
  }

  ActionResult continueAsNewNow() {
    state.requestContinueAsNew();
    return result("continuing as new once no delivery is in flight");
  }

  void moveTo(ConnectorStatus next) {
    state.moveTo(next);
    announce();
  }

  /** The status as the search attribute and the log show it. */
  private void announce() {
    Workflow.upsertTypedSearchAttributes(SearchAttributes.CONNECTOR_STATE.valueSet(state.status().name()));
    log.info("connector {} is {}", state.spec().connectorId(), state.status());
  }

  private List<String> scopeAfter(List<String> add, List<String> remove) {
    Set<String> scope = new LinkedHashSet<>(state.spec().workflows());
    scope.addAll(add);
    remove.forEach(scope::remove);
    return new ArrayList<>(scope);
  }

  private void requireOpen() {
    reject(state.status() == REVOKED || revoking, "connector is revoked");
  }

  private static void reject(boolean invalid, String why) {
    if (invalid) {
      throw new IllegalArgumentException(why);
    }
  }

  private ActionResult result(String message) {
    return new ActionResult(state.spec().connectorId(), state.status(), message);
  }

  /** A delivery that vanished (terminated) fails the update with a reason, not the workflow task. */
  private void signalDelivery(RunRef run, Consumer<RunDeliveryWorkflow> signal) {
    String id = TaskQueues.deliveryWorkflowId(state.spec().connectorId(), run.workflowId(), run.jobId());
    try {
      signal.accept(Workflow.newExternalWorkflowStub(RunDeliveryWorkflow.class, id));
    } catch (WorkflowException | ApplicationFailure gone) {
      throw ApplicationFailure.newFailure("delivery " + id + " is no longer running", "DELIVERY_GONE");
    }
  }

  /** Only a running backfill hears pause and resume; one that has not started yet is started paused. */
  private void signalBackfill(Consumer<BackfillWorkflow> signal) {
    if (!state.isBackfilling()) {
      return;
    }
    try {
      signal.accept(Workflow.newExternalWorkflowStub(BackfillWorkflow.class,
          TaskQueues.backfillWorkflowId(state.spec().connectorId())));
    } catch (WorkflowException | ApplicationFailure finishing) {
      log.info("backfill of {} is closing: {}", state.spec().connectorId(), finishing.getMessage());
    }
  }

  private void cancelBackfill() {
    try {
      Workflow.newUntypedExternalWorkflowStub(TaskQueues.backfillWorkflowId(state.spec().connectorId())).cancel();
    } catch (WorkflowException | TemporalFailure alreadyClosed) {
      log.info("backfill of {} already closed", state.spec().connectorId());
    }
  }
}
