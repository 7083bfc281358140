package io.shareline.stage;

import io.shareline.common.Failures;
import io.shareline.delta.DeltaWriteException;
import io.shareline.provider.ProviderException;
import io.shareline.source.SourceException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one place where exceptions become classified, stable failure types. */
public final class StageFailures {
  private StageFailures() {}

  public static ApplicationFailure classify(Throwable e) {
    // A bad row surfaces from inside the Parquet writer wrapped in a storage error: the data is the cause.
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SourceException || t instanceof ProviderException || t instanceof ApplicationFailure) {
        e = t;
        break;
      }
    }
    if (e instanceof ApplicationFailure af) {
      return af;
    }
    if (e instanceof SourceException se) {
      return typeOf(se).failure(se.getMessage());
    }
    if (e instanceof ProviderException pe) {
      if (pe.type().retryable() && pe.retryAfter().isPresent()) {
        return ApplicationFailure.newBuilder().setMessage(pe.getMessage()).setType(pe.type().name())
            .setNextRetryDelay(pe.retryAfter().get()).build();
      }
      return pe.type().failure(pe.getMessage());
    }
    if (e instanceof DeltaWriteException de) {
      return (de.retryable() ? Failures.STORAGE_TRANSIENT : Failures.STORAGE_INVALID).failure(de.getMessage());
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      return Failures.STORAGE_TRANSIENT.failure(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return Failures.INTERNAL.failure(e.getClass().getName() + ": " + e.getMessage());
  }

  static Failures typeOf(SourceException e) {
    return switch (e.kind()) {
      case MISSING -> Failures.SOURCE_MISSING;
      case UNREADABLE -> Failures.SOURCE_UNREADABLE;
      case MALFORMED_JSON, NOT_AN_OBJECT, TRUNCATED, BAD_LAYOUT -> Failures.SOURCE_MALFORMED;
      case INVALID_SCHEMA -> Failures.SOURCE_INVALID_SCHEMA;
      case ROW_COUNT_MISMATCH -> Failures.SOURCE_ROW_COUNT_MISMATCH;
      case NO_PUBLIC_FIELDS -> Failures.SOURCE_NO_PUBLIC_FIELDS;
    };
  }
}
