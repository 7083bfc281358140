package io.shareline.connector;

import io.shareline.delivery.RunRef;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The long-lived connector entity; id {@code connector/<connectorId>}. Engineer actions are updates
 * whose validators reject what the current state does not allow, so the caller learns why at once.
 * What its own child workflows tell it is in {@code DeliverySignals} and {@code BackfillSignals}.
 */
@WorkflowInterface
public interface ConnectorWorkflow {

  @WorkflowMethod
  void run(ConnectorInput input);

  /** The engine reports a finished run; queued during onboarding, never delivered twice. */
  @SignalMethod(description = "A source run finished: deliver it")
  void runCompleted(RunRef run);

  @UpdateMethod(description = "Stop delivering; runs that finish meanwhile are recorded as skipped")
  ActionResult disable();

  @UpdateValidatorMethod(updateName = "disable")
  void validateDisable();

  @UpdateMethod(description = "Resume delivering; with backfillMissed also deliver the runs skipped while disabled")
  ActionResult enable(boolean backfillMissed);

  @UpdateValidatorMethod(updateName = "enable")
  void validateEnable(boolean backfillMissed);

  @UpdateMethod(description = "Remove the recipient's access and close the connector; purge (confirmed) deletes the data")
  ActionResult revoke(boolean purge, boolean confirmed);

  @UpdateValidatorMethod(updateName = "revoke")
  void validateRevoke(boolean purge, boolean confirmed);

  @UpdateMethod(description = "Issue a new token to the connector's token recipient; the old one expires after the grace period")
  ActionResult rotateToken(long existingTokenExpiresInSeconds);

  @UpdateValidatorMethod(updateName = "rotateToken")
  void validateRotateToken(long existingTokenExpiresInSeconds);

  @UpdateMethod(description = "Run the failed stage of a run's delivery again")
  ActionResult retry(RunRef run);

  @UpdateValidatorMethod(updateName = "retry")
  void validateRetry(RunRef run);

  @UpdateMethod(description = "Give up on a run whose delivery failed: it is recorded as skipped")
  ActionResult skip(RunRef run);

  @UpdateValidatorMethod(updateName = "skip")
  void validateSkip(RunRef run);

  /** @param newRunsOnly the added workflows' earlier runs are not backfilled (a caller sending two arguments gets false) */
  @UpdateMethod(description = "Add source workflows to the connector's scope or remove them from it")
  ActionResult changeScope(List<String> add, List<String> remove, boolean newRunsOnly);

  @UpdateValidatorMethod(updateName = "changeScope")
  void validateChangeScope(List<String> add, List<String> remove, boolean newRunsOnly);

  /** Test and ops hook: continue as new as soon as no delivery is in flight. */
  @UpdateMethod(description = "Continue as new once no delivery is in flight (keeps the whole state)")
  ActionResult continueAsNewNow();

  @UpdateValidatorMethod(updateName = "continueAsNewNow")
  void validateContinueAsNewNow();

  @QueryMethod(description = "The connector's state: status, queues, deliveries in flight, lock, failures, counts, recent runs")
  ConnectorState state();
}
