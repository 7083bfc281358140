package io.shareline.connector;

import io.shareline.common.SearchAttributes;
import io.shareline.common.TaskQueues;
import io.shareline.delivery.DeliveryOutcome;
import io.shareline.delivery.DeliveryRequest;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunDeliveryWorkflow;
import io.shareline.delivery.RunRef;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Onboarding PROVISION → VERIFY_EMPTY_SHARE → FIRST_LIVE_DELIVERY → BACKFILL → ACTIVE, then one
 * delivery per finished run. Every run goes through the same {@link RunDeliveryWorkflow} child.
 */
public class ConnectorWorkflowImpl implements ConnectorWorkflow {
  private static final Logger log = Workflow.getLogger(ConnectorWorkflowImpl.class);

  /** Provider set-up calls: retried for a long while, since nothing can proceed without them. */
  private static final ActivityOptions ONBOARDING_OPTIONS = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(10))
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(2))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofMinutes(5))
          .setDoNotRetry(io.shareline.common.Failures.nonRetryableTypes())
          .build())
      .build();

  private final ConnectorState state;

  /** State exists before any handler runs, so a signal-with-start's run is never dropped. */
  @WorkflowInit
  public ConnectorWorkflowImpl(ConnectorInput input) {
    state = input.carried() != null ? input.carried() : new ConnectorState(input.spec());
  }

  @Override
  public void run(ConnectorInput input) {
    Workflow.upsertTypedSearchAttributes(SearchAttributes.CONNECTOR_ID.valueSet(state.spec.connectorId()));
    if (state.status == ConnectorStatus.PROVISIONING) {
      provision();
    }
    if (state.status == ConnectorStatus.VERIFYING_EMPTY_SHARE) {
      verifyEmptyShareAndPlan();
    }
    if (state.status == ConnectorStatus.FIRST_LIVE_DELIVERY) {
      firstLiveDelivery();
    }
    if (state.status == ConnectorStatus.BACKFILLING) {
      backfill();
    }
    serveLiveRuns();
  }

  private void provision() {
    Workflow.setCurrentDetails("Provisioning recipient, share, schema and storage path");
    state.provisioned = onboarding("Provision connector " + state.spec.connectorId()).provision(state.spec);
    moveTo(ConnectorStatus.VERIFYING_EMPTY_SHARE);
  }

  private void verifyEmptyShareAndPlan() {
    Workflow.setCurrentDetails("Verifying the empty share and the recipient's grant");
    OnboardingActivities activities = onboarding("Verify empty share of " + state.spec.connectorId());
    activities.verifyEmptyShare(state.spec);
    BackfillPlan plan = onboarding("Plan backfill of " + state.spec.connectorId()).planBackfill(state.spec);
    state.backfill.addAll(plan.runs());
    state.backfillTotal = plan.runs().size();
    moveTo(ConnectorStatus.FIRST_LIVE_DELIVERY);
  }

  /** The newest run goes first and must verify before any history is published. */
  private void firstLiveDelivery() {
    RunRef first = !state.pending.isEmpty() ? state.pending.remove(0)
        : !state.backfill.isEmpty() ? state.backfill.remove(state.backfill.size() - 1) : null;
    if (first == null) {
      Workflow.setCurrentDetails("Waiting for the first live run");
      Workflow.await(() -> !state.pending.isEmpty());
      first = state.pending.remove(0);
    }
    state.backfill.remove(first);
    deliver(first, false);
    moveTo(ConnectorStatus.BACKFILLING);
  }

  private void backfill() {
    while (!state.backfill.isEmpty()) {
      deliverPendingLiveRuns();
      RunRef next = state.backfill.remove(0);
      Workflow.setCurrentDetails("Backfilling " + next.key() + " (" + backfillDone() + "/" + state.backfillTotal + ")");
      deliver(next, true);
    }
    moveTo(ConnectorStatus.ACTIVE);
  }

  private int backfillDone() {
    return state.backfillTotal - state.backfill.size();
  }

  private void serveLiveRuns() {
    while (true) {
      Workflow.setCurrentDetails("ACTIVE: waiting for finished runs (" + state.runsDelivered + " delivered)");
      Workflow.await(() -> !state.pending.isEmpty() || Workflow.getInfo().isContinueAsNewSuggested());
      deliverPendingLiveRuns();
      if (Workflow.getInfo().isContinueAsNewSuggested() && state.pending.isEmpty()) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(new ConnectorInput(state.spec, state));
      }
    }
  }

  private void deliverPendingLiveRuns() {
    while (!state.pending.isEmpty()) {
      deliver(state.pending.remove(0), false);
    }
  }

  private void deliver(RunRef run, boolean backfill) {
    if (state.done.contains(run.key())) {
      return;
    }
    state.current = run;
    ChildWorkflowOptions options = ChildWorkflowOptions.newBuilder()
        .setWorkflowId(TaskQueues.deliveryWorkflowId(state.spec.connectorId(), run.workflowId(), run.jobId()))
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setStaticSummary((backfill ? "Backfill " : "Deliver ") + run.key() + " for connector " + state.spec.connectorId())
        .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
            .set(SearchAttributes.CONNECTOR_ID, state.spec.connectorId())
            .set(SearchAttributes.SOURCE_WORKFLOW_ID, run.workflowId())
            .build())
        .build();
    RunDeliveryWorkflow child = Workflow.newChildWorkflowStub(RunDeliveryWorkflow.class, options);
    try {
      DeliveryOutcome outcome = child.deliver(new DeliveryRequest(state.spec, run, backfill));
      if (outcome.status() == DeliveryState.Status.SKIPPED) {
        state.skipped.add(run.key());
      } else {
        state.runsDelivered++;
        state.rowsDelivered += outcome.alreadyDelivered() ? 0 : outcome.rows();
      }
      state.done.add(run.key());
    } catch (ChildWorkflowFailure e) {
      // Terminated or timed out from outside: kept visible, never silently counted as delivered.
      state.abandoned.add(run.key());
      state.lastFailure = run.key() + ": " + e.getCause();
      log.warn("delivery of {} ended abnormally: {}", run.key(), e.getCause());
    } finally {
      state.current = null;
    }
  }

  private OnboardingActivities onboarding(String summary) {
    return Workflow.newActivityStub(OnboardingActivities.class,
        ActivityOptions.newBuilder(ONBOARDING_OPTIONS).setSummary(summary).build());
  }

  private void moveTo(ConnectorStatus next) {
    state.status = next;
    Workflow.upsertTypedSearchAttributes(SearchAttributes.CONNECTOR_STATE.valueSet(next.name()));
    log.info("connector {} is {}", state.spec.connectorId(), next);
  }

  @Override
  public void runCompleted(RunRef run) {
    if (!state.spec.inScope(run.workflowId()) || state.isKnown(run)) {
      return;
    }
    state.backfill.remove(run);
    state.pending.add(run);
  }

  @Override
  public ConnectorState state() {
    return state;
  }
}
