package io.shareline.provider;

import io.shareline.common.Failures;

/** A provider call failed; the type says whether retrying can help and what ops must fix. */
public class ProviderException extends RuntimeException {
  private final Failures type;

  public ProviderException(Failures type, String message) {
    super(message);
    this.type = type;
  }

  public Failures type() {
    return type;
  }
}
