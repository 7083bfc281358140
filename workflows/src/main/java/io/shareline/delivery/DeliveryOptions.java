package io.shareline.delivery;

import io.shareline.common.Failures;
import io.shareline.common.Heartbeats;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Timeouts and retry policies of the delivery stages, declared once. After the attempts run out (or
 * at once for a non-retryable type) the delivery waits in FAILED for an operator's retry or skip.
 */
public final class DeliveryOptions {

  private static RetryOptions retry(Duration initial, Duration max, int attempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(initial)
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(max)
        .setMaximumAttempts(attempts)
        .setDoNotRetry(Failures.nonRetryableTypes())
        .build();
  }

  /** Reading and rewriting a whole run: long, I/O bound. */
  static final ActivityOptions STAGE_OPTIONS = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(30))
      .setHeartbeatTimeout(Heartbeats.WORK)
      .setRetryOptions(retry(Duration.ofSeconds(1), Duration.ofMinutes(1), 5))
      .build();

  /** Small metadata commits. */
  static final ActivityOptions SCHEMA_OPTIONS = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(5))
      .setHeartbeatTimeout(Heartbeats.WORK)
      .setRetryOptions(retry(Duration.ofSeconds(1), Duration.ofSeconds(30), 5))
      .build();

  /** Copies staged files into the tables and commits. */
  static final ActivityOptions LOAD_OPTIONS = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(30))
      .setHeartbeatTimeout(Heartbeats.WORK)
      .setRetryOptions(retry(Duration.ofSeconds(1), Duration.ofMinutes(1), 5))
      .build();

  /** Provider calls (catalog registration, shares) that may be throttled. */
  static final ActivityOptions PROVIDER_OPTIONS = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(5))
      .setHeartbeatTimeout(Heartbeats.CALLS)
      .setRetryOptions(retry(Duration.ofSeconds(2), Duration.ofMinutes(2), 6))
      .build();

  static final Map<DeliveryStage, ActivityOptions> BY_STAGE = new EnumMap<>(Map.of(
      DeliveryStage.STAGE, STAGE_OPTIONS,
      DeliveryStage.SCHEMA, SCHEMA_OPTIONS,
      DeliveryStage.LOAD, LOAD_OPTIONS,
      DeliveryStage.PUBLISH, PROVIDER_OPTIONS,
      DeliveryStage.SHARE, PROVIDER_OPTIONS,
      DeliveryStage.VERIFY, PROVIDER_OPTIONS));

  private DeliveryOptions() {}
}
