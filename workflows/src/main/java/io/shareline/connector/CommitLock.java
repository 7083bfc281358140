package io.shareline.connector;

import io.shareline.delivery.RunDeliveryWorkflow;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;

/**
 * The connector's shared-table commit lock (DESIGN §7): one delivery at a time writes the connector's
 * shared tables and provider state, the others wait in arrival order. Holder and waiters live in
 * {@link ConnectorState}, so the lock survives continue-as-new and worker crashes alike.
 */
final class CommitLock {
  private final ConnectorState state;
  private int grantsInFlight;

  CommitLock(ConnectorState state) {
    this.state = state;
  }

  void acquire(String deliveryWorkflowId) {
    if (state.commitLockHolder == null || state.commitLockHolder.equals(deliveryWorkflowId)) {
      state.commitLockHolder = deliveryWorkflowId;
      grant(deliveryWorkflowId);
    } else if (!state.commitLockWaiters.contains(deliveryWorkflowId)) {
      state.commitLockWaiters.add(deliveryWorkflowId);
    }
  }

  /** Also what happens when a delivery ends, however it ends: a lock is never left to a closed workflow. */
  void release(String deliveryWorkflowId) {
    if (deliveryWorkflowId.equals(state.commitLockHolder)) {
      state.commitLockHolder = null;
      if (!state.commitLockWaiters.isEmpty()) {
        state.commitLockHolder = state.commitLockWaiters.remove(0);
        grant(state.commitLockHolder);
      }
    } else {
      state.commitLockWaiters.remove(deliveryWorkflowId);
    }
  }

  /** No grant signal is on its way: safe to continue as new. */
  boolean isSettled() {
    return grantsInFlight == 0;
  }

  private void grant(String deliveryWorkflowId) {
    grantsInFlight++;
    RunDeliveryWorkflow delivery = Workflow.newExternalWorkflowStub(RunDeliveryWorkflow.class, deliveryWorkflowId);
    Async.procedure(delivery::commitLockGranted).handle((ok, failure) -> {
      grantsInFlight--;
      if (failure != null) {
        // The delivery is gone (terminated): pass the lock on rather than keep it forever.
        release(deliveryWorkflowId);
      }
      return null;
    });
  }
}
