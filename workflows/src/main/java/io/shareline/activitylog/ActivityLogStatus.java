package io.shareline.activitylog;

/** What the activity log sync is doing. */
public enum ActivityLogStatus {
  /** Finding where "now" is in the source (no backfill). */
  STARTING,
  /** Exporting batches until caught up. */
  EXPORTING,
  /** Caught up, sleeping until the interval ends or a poke. */
  WAITING,
  /** Paused by {@code disable} (or started for a connector without activity sharing). */
  DISABLED
}
