package io.shareline.delivery;

import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * A delivery of one run: the {@link DeliveryLoop} over a batch of one. A failed stage parks a live run in
 * FAILED until an operator signals retry or skip, and returns a backfill run to the connector.
 */
public class RunDeliveryWorkflowImpl implements RunDeliveryWorkflow {

  /**
   * {@code Workflow.getVersion} change id: LOAD..VERIFY go through the batch activities like every
   * delivery. Histories without it replay (and, parked in FAILED, finish) on the per-run activity types.
   */
  static final String BATCH_OF_ONE = "delivered-as-a-batch-of-one";

  private final DeliveryLoop loop = new DeliveryLoop();

  @Override
  public DeliveryOutcome deliver(DeliveryRequest request) {
    boolean perRunStageTypes =
        Workflow.getVersion(BATCH_OF_ONE, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION;
    return loop.deliver(request.connector(), List.of(request.run()), request.backfill(), request.underConnector(),
        perRunStageTypes).get(0);
  }

  @Override
  public void retry() {
    loop.retry();
  }

  @Override
  public void skip() {
    loop.skip();
  }

  @Override
  public void commitLockGranted() {
    loop.commitLockGranted();
  }

  @Override
  public DeliveryState state() {
    return loop.runState();
  }
}
