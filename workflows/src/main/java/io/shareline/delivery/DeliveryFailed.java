package io.shareline.delivery;

/** A delivery parked in FAILED, as it tells its connector so the connector can accept retry or skip. */
public record DeliveryFailed(RunRef run, DeliveryState.StageFailure failure) {}
