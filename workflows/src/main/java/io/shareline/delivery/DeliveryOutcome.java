package io.shareline.delivery;

/** How a run delivery ended: DELIVERED with its counts, or SKIPPED by an operator. */
public record DeliveryOutcome(RunRef run, DeliveryState.Status status, int schemaVersion, long rows, boolean alreadyDelivered) {}
