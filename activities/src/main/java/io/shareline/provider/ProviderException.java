package io.shareline.provider;

import io.shareline.common.Failures;
import java.time.Duration;
import java.util.Optional;

/** A provider call failed; the type says whether retrying can help and what ops must fix. */
public class ProviderException extends RuntimeException {
  private final Failures type;
  private final Duration retryAfter;

  public ProviderException(Failures type, String message) {
    this(type, message, null);
  }

  /** @param retryAfter the server's Retry-After, honoured as the next activity retry delay (null: none) */
  public ProviderException(Failures type, String message, Duration retryAfter) {
    super(message);
    this.type = type;
    this.retryAfter = retryAfter;
  }

  public Failures type() {
    return type;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
