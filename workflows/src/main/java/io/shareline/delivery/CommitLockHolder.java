package io.shareline.delivery;

import io.shareline.common.TaskQueues;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * A delivery's side of the connector's commit lock and its signals to the connector, for
 * {@link DeliveryLoop}. Workflow code: it only signals
 * and awaits. A connector that closed (revoked) holds no lock any more: the delivery then carries on alone
 * rather than fail its tasks.
 */
final class CommitLockHolder {
  private static final Logger log = Workflow.getLogger(CommitLockHolder.class);

  private boolean underConnector;
  private String connectorId;
  private String subject;
  private boolean granted;
  private boolean held;
  private boolean connectorGone;

  /** Whose lock this is: {@code subject} names the delivery in details and logs. */
  void bind(boolean underConnector, String connectorId, String subject) {
    this.underConnector = underConnector;
    this.connectorId = connectorId;
    this.subject = subject;
  }

  /** Asks the connector for its lock before {@code next} and waits for it; does nothing if already held. */
  void acquire(DeliveryStage next) {
    if (held || !underConnector || connectorGone) {
      return;
    }
    Workflow.setCurrentDetails("Waiting for the connector's commit lock before " + next + " (" + subject + ")");
    granted = false;
    tellConnector(c -> c.acquireCommitLock(Workflow.getInfo().getWorkflowId()));
    Workflow.await(() -> granted);
    held = true;
  }

  void release() {
    if (held) {
      held = false;
      tellConnector(c -> c.releaseCommitLock(Workflow.getInfo().getWorkflowId()));
    }
  }

  /** The connector's {@code commitLockGranted} signal. */
  void granted() {
    granted = true;
  }

  /** Signals the connector (backfill deliveries are its grandchildren), unless it is gone. */
  void tellConnector(Consumer<DeliverySignals> signal) {
    if (!underConnector || connectorGone) {
      return;
    }
    try {
      signal.accept(Workflow.newExternalWorkflowStub(DeliverySignals.class, TaskQueues.connectorWorkflowId(connectorId)));
    } catch (SignalExternalWorkflowException | ApplicationFailure gone) {
      // A signal to a closed workflow fails with an ApplicationFailure of type ..._NOT_FOUND.
      connectorGone = true;
      granted = true;
      log.warn("connector {} is gone; {} goes on without its commit lock", connectorId, subject);
    }
  }
}
