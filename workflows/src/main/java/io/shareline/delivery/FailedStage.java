package io.shareline.delivery;

import io.shareline.delivery.DeliveryState.StageFailure;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;

/**
 * The failed stage of a delivery of one run, workflow code for {@link DeliveryLoop}: the one
 * classification of a stage failure, and the operator's retry or skip of a run parked in FAILED.
 */
final class FailedStage {
  private StageFailure failure;
  private int retries;
  private boolean retryRequested;
  private boolean skipRequested;

  /** The failure's stable type (see {@code Failures}) and its message, which activities write without customer values. */
  static StageFailure classify(DeliveryStage failed, ActivityFailure e) {
    Throwable cause = e.getCause();
    String message = cause instanceof TemporalFailure tf ? tf.getOriginalMessage() : String.valueOf(cause);
    return new StageFailure(failed, typeOf(e), message);
  }

  static String typeOf(ActivityFailure e) {
    Throwable cause = e.getCause();
    return cause instanceof ApplicationFailure af ? af.getType() : cause == null ? "UNKNOWN" : cause.getClass().getSimpleName();
  }

  StageFailure record(DeliveryStage failed, ActivityFailure e) {
    failure = classify(failed, e);
    return failure;
  }

  /** The stage runs again: no failure until it fails again. */
  void clear() {
    failure = null;
  }

  /** The failure of the stage, null while it runs or once it succeeded. */
  StageFailure failure() {
    return failure;
  }

  /** Waits for the operator's decision on the parked run: true to run the stage again, false to skip the run. */
  boolean awaitRetry() {
    Workflow.await(() -> retryRequested || skipRequested);
    if (skipRequested) {
      return false;
    }
    retryRequested = false;
    retries++;
    return true;
  }

  void retry() {
    if (failure != null) {
      retryRequested = true;
    }
  }

  void skip() {
    if (failure != null) {
      skipRequested = true;
    }
  }

  int retries() {
    return retries;
  }
}
