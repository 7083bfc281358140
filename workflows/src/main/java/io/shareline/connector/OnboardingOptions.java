package io.shareline.connector;

import io.shareline.common.SetupCalls;
import io.temporal.workflow.Workflow;

/** Stubs of {@link OnboardingActivities} with the set-up calls' timeouts and retries. */
public final class OnboardingOptions {

  private OnboardingOptions() {}

  /** A stub whose next call shows {@code summary} in the Web UI. */
  public static OnboardingActivities activities(String summary) {
    return Workflow.newActivityStub(OnboardingActivities.class, SetupCalls.options(summary));
  }
}
