package io.shareline.connector;

import io.shareline.backfill.BackfillReport;
import io.shareline.common.TaskQueues;
import io.shareline.delivery.DeliveryDispatcher;
import io.shareline.delivery.DeliveryOutcome;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunRef;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/** Records in the connector's state how deliveries ended: its own children's, and the backfill's pages. */
final class DeliveryOutcomes implements DeliveryDispatcher.Listener {
  private static final Logger log = Workflow.getLogger(DeliveryOutcomes.class);

  private final ConnectorState state;
  private final CommitLock commitLock;
  private int ended;

  DeliveryOutcomes(ConnectorState state, CommitLock commitLock) {
    this.state = state;
    this.commitLock = commitLock;
  }

  /** How many of the connector's own deliveries ended in this run: a change wakes the serving loop. */
  int ended() {
    return ended;
  }

  @Override
  public void delivered(RunRef run, DeliveryOutcome outcome) {
    if (outcome.status() == DeliveryState.Status.SKIPPED) {
      state.skipped(run);
    } else {
      state.delivered(run, outcome.alreadyDelivered() ? 0 : outcome.rows());
    }
    ended(run);
  }

  /** Terminated or timed out from outside: kept visible, never silently counted as delivered. */
  @Override
  public void abandoned(RunRef run, RuntimeException failure) {
    state.abandoned(run, String.valueOf(failure.getCause()));
    log.warn("delivery of {} ended abnormally: {}", run.key(), failure.getCause());
    ended(run);
  }

  /** The backfill is delivering this run right now: it reports it with its page. */
  @Override
  public void alreadyRunning(RunRef run, RuntimeException failure) {
    log.info("{} is being delivered by the backfill; not started again", run.key());
    ended++;
  }

  /** A page of history is done: its runs are never delivered again, live copies queued meanwhile drop. */
  void backfilled(BackfillReport report) {
    state.backfilled(report);
  }

  /** However a delivery ends, it holds no lock and waits for no operator any more. */
  private void ended(RunRef run) {
    commitLock.release(TaskQueues.deliveryWorkflowId(state.spec().connectorId(), run.workflowId(), run.jobId()));
    ended++;
  }
}
