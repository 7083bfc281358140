package io.shareline.common;

import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;

/**
 * Every failure type an activity may raise. The names are stable: ops see them in the Web UI and
 * the CLI, retry policies list the non-retryable ones, and alerts match on them.
 */
public enum Failures {
  SOURCE_MISSING(false),
  SOURCE_UNREADABLE(true),
  SOURCE_MALFORMED(false),
  SOURCE_INVALID_SCHEMA(false),
  SOURCE_ROW_COUNT_MISMATCH(false),
  SOURCE_NO_PUBLIC_FIELDS(false),
  CAST_STRICT_VIOLATION(false),
  STORAGE_TRANSIENT(true),
  STORAGE_INVALID(false),
  STAGING_MISSING(true),
  PROVIDER_TRANSIENT(true),
  PROVIDER_PERMISSION_DENIED(false),
  PROVIDER_INVALID(false),
  /** The provider's credentials were refused: fix the token or the service principal's secret. */
  PROVIDER_AUTH(false),
  /** An object with our name exists at the provider but is not ours (or not as we created it). */
  PROVIDER_CONFLICT(false),
  /** A provider limit (e.g. tables per share) would be exceeded: raise it or split the connector. */
  PROVIDER_LIMIT(false),
  /**
   * The provider's workspace does not serve what Shareline calls: a wrong workspace URL, an API not
   * served there, a feature (Delta Sharing, open sharing) disabled. Ops fix the workspace or the settings.
   */
  PROVIDER_CONFIG(false),
  VERIFY_MISMATCH(true),
  CONFIG_INVALID(false),
  /** Anything unclassified: retried, and visible as a defect to fix. */
  INTERNAL(true);

  private final boolean retryable;

  Failures(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The failure an activity throws: retryable or not according to its type. */
  public ApplicationFailure failure(String message) {
    return retryable
        ? ApplicationFailure.newFailure(message, name())
        : ApplicationFailure.newNonRetryableFailure(message, name());
  }

  public ApplicationFailure failure(String message, Throwable cause) {
    return ApplicationFailure.newBuilder()
        .setMessage(message)
        .setType(name())
        .setNonRetryable(!retryable)
        .setCause(cause)
        .build();
  }

  /** Types that retry policies must never retry. */
  public static String[] nonRetryableTypes() {
    return Arrays.stream(values()).filter(f -> !f.retryable).map(Enum::name).toArray(String[]::new);
  }
}
