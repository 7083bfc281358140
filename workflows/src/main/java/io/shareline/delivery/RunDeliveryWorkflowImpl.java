package io.shareline.delivery;

import io.shareline.common.SearchAttributes;
import io.shareline.delivery.DeliveryState.StageFailure;
import io.shareline.delivery.DeliveryState.Status;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * STAGE → SCHEMA → LOAD → PUBLISH → SHARE → VERIFY. A stage that fails after its retries (or at once,
 * for a non-retryable type) parks the delivery in FAILED until an operator signals retry or skip;
 * nothing after the failed stage runs meanwhile. Stages that write the connector's shared tables run
 * under the connector's commit lock, which a parked delivery gives back. A backfill's delivery does not
 * park: it tells the connector and returns the run to it ({@code RETURNED}), so the backfill goes on with
 * the other workflows while the connector keeps the failed run, and the runs behind it, for the operator.
 */
public class RunDeliveryWorkflowImpl implements RunDeliveryWorkflow {
  private static final Logger log = Workflow.getLogger(RunDeliveryWorkflowImpl.class);

  /** {@code Workflow.getVersion} change id: a backfill's failed delivery returns its run to the connector. */
  static final String RETURN_FAILED = "backfill-failure-returned";

  /** {@code Workflow.getVersion} change id: LOAD holds the commit lock (live runs load while a backfill does). */
  static final String LOAD_LOCKED = "load-under-commit-lock";

  private DeliveryRequest request;
  private RunRef run;
  private Status status = Status.RUNNING;
  private DeliveryStage stage = DeliveryStage.STAGE;
  private StageFailure failure;
  private int retries;
  private boolean retryRequested;
  private boolean skipRequested;
  private final CommitLockHolder lock = new CommitLockHolder();

  @Override
  public DeliveryOutcome deliver(DeliveryRequest request) {
    this.request = request;
    run = request.run();
    lock.bind(request.underConnector(), request.connectorId(), "delivery of " + run.key());
    try {
      StagedRun staged = runStage(DeliveryStage.STAGE, a -> a.stage(request));
      SchemaVersion version = runStage(DeliveryStage.SCHEMA, a -> a.schema(request, staged));
      StageResults.Loaded loaded = runStage(DeliveryStage.LOAD, a -> a.load(request, staged, version));
      runStage(DeliveryStage.PUBLISH, a -> a.publish(request, staged, version));
      runStage(DeliveryStage.SHARE, a -> a.share(request, version));
      runStage(DeliveryStage.VERIFY, a -> a.verify(request, staged, version));
      lock.release();
      status = Status.DELIVERED;
      Workflow.setCurrentDetails("Delivered " + run.key() + " into " + version.tableName());
      return new DeliveryOutcome(run, status, version.version(), staged.rowCount(), loaded.alreadyApplied());
    } catch (SkippedByOperator skipped) {
      lock.release();
      status = Status.SKIPPED;
      Workflow.setCurrentDetails("Skipped by an operator at " + stage);
      return new DeliveryOutcome(run, status, 0, 0, false);
    } catch (ReturnedToConnector returned) {
      Workflow.setCurrentDetails("FAILED at " + failure.stage() + " (" + failure.type() + "): " + failure.message()
          + "\nReturned to connector " + request.connectorId() + ", which keeps it for `retry` or `skip`.");
      return DeliveryOutcome.returned(run, failure);
    }
  }

  /** Whether a stage's activity runs under the connector's commit lock. */
  private boolean locked(DeliveryStage next) {
    return next.needsCommitLock() || (next == DeliveryStage.LOAD && request.underConnector()
        && Workflow.getVersion(LOAD_LOCKED, Workflow.DEFAULT_VERSION, 1) == 1);
  }

  private <T> T runStage(DeliveryStage next, Function<DeliveryActivities, T> call) {
    stage = next;
    while (true) {
      status = Status.RUNNING;
      failure = null;
      if (locked(next)) {
        lock.acquire(next);
      } else {
        lock.release();
      }
      Workflow.upsertTypedSearchAttributes(
          SearchAttributes.DELIVERY_STAGE.valueSet(next.name()), SearchAttributes.FAILURE_STAGE.valueUnset());
      Workflow.setCurrentDetails("Running " + next + " for " + run.key());
      try {
        return call.apply(activities(next));
      } catch (ActivityFailure e) {
        parkAsFailed(next, e);
        lock.release();
        lock.tellConnector(c -> c.deliveryFailed(new DeliveryFailed(run, failure)));
        if (request.backfill() && request.underConnector()
            && Workflow.getVersion(RETURN_FAILED, Workflow.DEFAULT_VERSION, 1) == 1) {
          throw new ReturnedToConnector();
        }
        Workflow.await(() -> retryRequested || skipRequested);
        if (skipRequested) {
          throw new SkippedByOperator();
        }
        retryRequested = false;
        retries++;
        log.info("retrying {} of {} on operator request", next, run.key());
      }
    }
  }

  private void parkAsFailed(DeliveryStage failed, ActivityFailure e) {
    Throwable cause = e.getCause();
    String type = cause instanceof ApplicationFailure af ? af.getType() : cause == null ? "UNKNOWN" : cause.getClass().getSimpleName();
    String message = cause instanceof TemporalFailure tf ? tf.getOriginalMessage() : String.valueOf(cause);
    failure = new StageFailure(failed, type, message);
    status = Status.FAILED;
    Workflow.upsertTypedSearchAttributes(SearchAttributes.FAILURE_STAGE.valueSet(failed.name()));
    Workflow.setCurrentDetails("FAILED at " + failed + " (" + type + "): " + message
        + "\nSignal `retry` to run the stage again or `skip` to give up on this run.");
    log.warn("delivery of {} failed at {} with {}", run.key(), failed, type);
  }




  private DeliveryActivities activities(DeliveryStage stage) {
    ActivityOptions options = ActivityOptions.newBuilder(DeliveryOptions.BY_STAGE.get(stage))
        .setSummary(stage + " " + run.key())
        .build();
    return Workflow.newActivityStub(DeliveryActivities.class, options);
  }

  @Override
  public void retry() {
    if (status == Status.FAILED) {
      retryRequested = true;
    }
  }

  @Override
  public void skip() {
    if (status == Status.FAILED) {
      skipRequested = true;
    }
  }

  @Override
  public void commitLockGranted() {
    lock.granted();
  }

  @Override
  public DeliveryState state() {
    return new DeliveryState(run, status, stage, retries, failure);
  }

  /** Ends a backfill's delivery whose stage failed: the connector keeps the run for the operator. */
  private static final class ReturnedToConnector extends RuntimeException {
    ReturnedToConnector() {
      super("returned to the connector", null, false, false);
    }
  }

  /** Ends the delivery when an operator gives up on a failed run. */
  private static final class SkippedByOperator extends RuntimeException {
    SkippedByOperator() {
      super("skipped by operator", null, false, false);
    }
  }
}
