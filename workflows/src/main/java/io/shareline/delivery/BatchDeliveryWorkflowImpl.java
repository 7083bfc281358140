package io.shareline.delivery;

/**
 * A backfill batch of several consecutive runs of one workflow: the {@link DeliveryLoop}, which delivers
 * them with one commit per table and, when a stage fails, delivers the runs not yet delivered alone.
 */
public class BatchDeliveryWorkflowImpl implements BatchDeliveryWorkflow {
  private final DeliveryLoop loop = new DeliveryLoop();

  @Override
  public BatchOutcome deliver(BatchRequest request) {
    return new BatchOutcome(loop.deliver(request.connector(), request.runs(), true, request.underConnector(), false));
  }

  @Override
  public void commitLockGranted() {
    loop.commitLockGranted();
  }

  @Override
  public BatchState state() {
    return loop.batchState();
  }
}
