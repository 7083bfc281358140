package io.shareline.delivery;

/**
 * How a run delivery ended: DELIVERED with its counts, SKIPPED by an operator, or RETURNED to the
 * connector undelivered ({@code failure} set when this run's own stage failed).
 */
public record DeliveryOutcome(RunRef run, DeliveryState.Status status, int schemaVersion, long rows, boolean alreadyDelivered,
    DeliveryState.StageFailure failure) {

  public DeliveryOutcome(RunRef run, DeliveryState.Status status, int schemaVersion, long rows, boolean alreadyDelivered) {
    this(run, status, schemaVersion, rows, alreadyDelivered, null);
  }

  /** Handed back to the connector without being delivered. */
  public static DeliveryOutcome returned(RunRef run, DeliveryState.StageFailure failure) {
    return new DeliveryOutcome(run, DeliveryState.Status.RETURNED, 0, 0, false, failure);
  }

  public boolean returned() {
    return status == DeliveryState.Status.RETURNED;
  }
}
