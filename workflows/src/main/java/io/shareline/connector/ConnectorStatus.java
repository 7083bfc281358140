package io.shareline.connector;

/** Lifecycle of a connector, in onboarding order, plus the terminal and paused states. */
public enum ConnectorStatus {
  PROVISIONING, VERIFYING_EMPTY_SHARE, FIRST_LIVE_DELIVERY, BACKFILLING, ACTIVE, DISABLED, REVOKED
}
