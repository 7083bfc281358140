package io.shareline.delivery;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;

/**
 * What a delivery tells the connector that started it: the commit lock of the connector's shared tables,
 * and a run parked in FAILED. The connector workflow implements it; the interface lives with its caller so
 * delivery code never depends on the connector's package. Signal names are the method names, unchanged
 * since these signals were first recorded.
 */
@WorkflowInterface
public interface DeliverySignals {

  /** A delivery asks for the commit lock of the connector's shared tables; granted by {@code commitLockGranted}. */
  @SignalMethod(description = "A delivery asks for the shared-table commit lock")
  void acquireCommitLock(String deliveryWorkflowId);

  @SignalMethod(description = "A delivery gives the shared-table commit lock back")
  void releaseCommitLock(String deliveryWorkflowId);

  @SignalMethod(description = "A delivery parked in FAILED and waits for retry or skip")
  void deliveryFailed(DeliveryFailed failed);
}
