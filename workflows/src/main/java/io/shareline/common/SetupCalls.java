package io.shareline.common;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Timeouts and retries of a connector's set-up calls (provisioning, revoking, rotating, listing its
 * history), declared once: retried for a long while, since nothing can proceed without them.
 */
public final class SetupCalls {
  private static final ActivityOptions OPTIONS = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(10))
      .setHeartbeatTimeout(Heartbeats.CALLS)
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(2))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofMinutes(5))
          .setDoNotRetry(Failures.nonRetryableTypes())
          .build())
      .build();

  private SetupCalls() {}

  /** The options of a call that shows {@code summary} in the Web UI. */
  public static ActivityOptions options(String summary) {
    return ActivityOptions.newBuilder(OPTIONS).setSummary(summary).build();
  }
}
