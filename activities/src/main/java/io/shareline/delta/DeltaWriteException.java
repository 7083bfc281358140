package io.shareline.delta;

import io.delta.kernel.exceptions.ConcurrentWriteException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A Delta operation failed; {@link #retryable()} says whether trying again can help. */
public class DeltaWriteException extends RuntimeException {

  private final boolean retryable;

  public DeltaWriteException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }

  /** I/O trouble and write conflicts are transient; everything else (schema, data, protocol) is not. */
  static DeltaWriteException of(String action, Throwable cause) {
    if (cause instanceof DeltaWriteException already) {
      return already;
    }
    return new DeltaWriteException(action + ": " + cause, cause, isTransient(cause));
  }

  private static boolean isTransient(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof IOException
          || t instanceof UncheckedIOException
          || t instanceof ConcurrentWriteException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
