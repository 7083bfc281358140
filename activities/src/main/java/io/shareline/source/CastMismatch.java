package io.shareline.source;

import io.shareline.schema.SourceType;

/**
 * A present value that does not fit its type under the strict policy. Carries the value's JSON kind
 * and the type it missed, never the value: the message ends up in histories and logs.
 */
public final class CastMismatch extends RuntimeException {
  private final String jsonKind;
  private final SourceType expected;

  CastMismatch(String jsonKind, SourceType expected) {
    super("a JSON " + jsonKind + " does not fit " + expected, null, false, false);
    this.jsonKind = jsonKind;
    this.expected = expected;
  }

  /** string, number, boolean, object or array. */
  public String jsonKind() {
    return jsonKind;
  }

  /** The type the value missed: the element type when an array element did not fit. */
  public SourceType expected() {
    return expected;
  }
}
