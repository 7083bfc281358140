package io.shareline.activitylog;

import java.time.Duration;

/**
 * How often and how much the activity log sync exports. Absent values take the defaults.
 *
 * @param interval        the pause once caught up (a {@code poke} ends it early)
 * @param maxEvents       lines read per export batch
 * @param batchesPerRun   batches before the workflow continues as new (it also does when the server suggests it)
 */
public record ActivityLogSettings(Duration interval, int maxEvents, int batchesPerRun) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
  public static final int DEFAULT_MAX_EVENTS = 1_000;
  public static final int DEFAULT_BATCHES_PER_RUN = 200;

  public ActivityLogSettings {
    interval = interval == null || interval.isZero() || interval.isNegative() ? DEFAULT_INTERVAL : interval;
    maxEvents = maxEvents <= 0 ? DEFAULT_MAX_EVENTS : maxEvents;
    batchesPerRun = batchesPerRun <= 0 ? DEFAULT_BATCHES_PER_RUN : batchesPerRun;
  }

  public static ActivityLogSettings defaults() {
    return new ActivityLogSettings(null, 0, 0);
  }
}
