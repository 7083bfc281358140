package io.shareline.connector;

import io.shareline.delivery.RunDeliveryWorkflow;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;

/**
 * The connector's shared-table commit lock: one delivery at a time writes the connector's shared tables
 * and provider state, the others wait in arrival order. Holder and waiters live in the state's
 * {@link CommitLockQueue}, so the lock survives continue-as-new and worker crashes alike.
 */
final class CommitLock {
  private final CommitLockQueue queue;
  private int grantsInFlight;

  CommitLock(CommitLockQueue queue) {
    this.queue = queue;
  }

  void acquire(String deliveryWorkflowId) {
    if (queue.take(deliveryWorkflowId)) {
      grant(deliveryWorkflowId);
    }
  }

  /** Also what happens when a delivery ends, however it ends: a lock is never left to a closed workflow. */
  void release(String deliveryWorkflowId) {
    String next = queue.giveBack(deliveryWorkflowId);
    if (next != null) {
      grant(next);
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
