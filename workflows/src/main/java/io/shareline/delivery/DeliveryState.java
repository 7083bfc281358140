package io.shareline.delivery;

/**
 * What a run delivery is doing, as the {@code state} query and the CLI show it.
 *
 * @param failure set while the delivery waits in FAILED for retry or skip
 */
public record DeliveryState(RunRef run, Status status, DeliveryStage stage, int retries, StageFailure failure) {

  /**
   * RETURNED: not delivered by this delivery, handed back to the connector (a backfill's run behind a
   * failed run of its workflow, or the failed run itself), which delivers it once the failure is resolved.
   */
  public enum Status { RUNNING, FAILED, DELIVERED, SKIPPED, RETURNED }

  /** The stage that failed, its stable failure type, and a message without customer values. */
  public record StageFailure(DeliveryStage stage, String type, String message) {}
}
