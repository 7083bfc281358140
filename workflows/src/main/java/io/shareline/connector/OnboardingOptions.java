package io.shareline.connector;

import io.shareline.common.Failures;
import io.shareline.common.Heartbeats;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Timeouts and retries of {@link OnboardingActivities}, declared once. */
public final class OnboardingOptions {

  /** Provider set-up calls: retried for a long while, since nothing can proceed without them. */
  static final ActivityOptions ONBOARDING_OPTIONS = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(10))
      .setHeartbeatTimeout(Heartbeats.CALLS)
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(2))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofMinutes(5))
          .setDoNotRetry(Failures.nonRetryableTypes())
          .build())
      .build();

  private OnboardingOptions() {}

  /** A stub whose next call shows {@code summary} in the Web UI. */
  public static OnboardingActivities activities(String summary) {
    return Workflow.newActivityStub(OnboardingActivities.class,
        ActivityOptions.newBuilder(ONBOARDING_OPTIONS).setSummary(summary).build());
  }
}
