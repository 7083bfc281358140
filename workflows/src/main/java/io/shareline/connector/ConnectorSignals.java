package io.shareline.connector;

import io.shareline.backfill.BackfillReport;
import io.shareline.delivery.DeliveryFailed;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;

/**
 * What the connector's own child workflows (deliveries, the backfill) tell it; not part of the
 * {@link ConnectorWorkflow} interface clients use. {@link ConnectorWorkflowImpl} implements both, so these
 * are signals of the same workflow, under the same names as before they moved here.
 */
@WorkflowInterface
public interface ConnectorSignals {

  /** A delivery asks for the commit lock of the connector's shared tables; granted by {@code commitLockGranted}. */
  @SignalMethod(description = "A delivery asks for the shared-table commit lock")
  void acquireCommitLock(String deliveryWorkflowId);

  @SignalMethod(description = "A delivery gives the shared-table commit lock back")
  void releaseCommitLock(String deliveryWorkflowId);

  @SignalMethod(description = "A delivery parked in FAILED and waits for retry or skip")
  void deliveryFailed(DeliveryFailed failed);

  @SignalMethod(description = "The backfill finished a page of history")
  void backfillReport(BackfillReport report);
}
