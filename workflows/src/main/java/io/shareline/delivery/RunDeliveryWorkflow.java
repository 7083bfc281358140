package io.shareline.delivery;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Delivers one run through the six stages; id {@code delivery/<connector>/<workflow>/<job>}. */
@WorkflowInterface
public interface RunDeliveryWorkflow {

  @WorkflowMethod
  DeliveryOutcome deliver(DeliveryRequest request);

  /** Re-runs the failed stage (and the ones after it). */
  @SignalMethod(description = "Retry the failed stage of this delivery")
  void retry();

  /** Gives up on this run: it is recorded as skipped and nothing more is written. */
  @SignalMethod(description = "Skip this run: nothing after the failed stage runs")
  void skip();

  /** The connector granted this delivery its commit lock (see {@code DeliverySignals#acquireCommitLock}). */
  @SignalMethod(description = "The connector's commit lock is this delivery's: write the shared tables")
  void commitLockGranted();

  @QueryMethod(description = "Current stage, status and last failure of this delivery")
  DeliveryState state();
}
