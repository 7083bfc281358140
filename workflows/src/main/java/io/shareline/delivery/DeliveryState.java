package io.shareline.delivery;

/**
 * What a run delivery is doing, as the {@code state} query and the CLI show it.
 *
 * @param failure set while the delivery waits in FAILED for retry or skip
 */
public record DeliveryState(RunRef run, Status status, DeliveryStage stage, int retries, StageFailure failure) {

  public enum Status { RUNNING, FAILED, DELIVERED, SKIPPED }

  /** The stage that failed, its stable failure type, and a message without customer values. */
  public record StageFailure(DeliveryStage stage, String type, String message) {}
}
