package io.shareline.delivery;

import io.shareline.common.SearchAttributes;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * STAGE and SCHEMA per run, then, per consecutive runs of one schema version, LOAD → PUBLISH → SHARE →
 * VERIFY once for all of them. Shared-table stages hold the connector's commit lock as in
 * {@link RunDeliveryWorkflowImpl}. A batch stage failing after its retries makes the batch give up: it
 * gives the lock back and delivers each run not yet delivered, in job order, as an ordinary
 * {@link RunDeliveryWorkflow} (which parks in FAILED for an operator as usual). A run failing STAGE or
 * SCHEMA splits the batch instead: the runs before it are delivered together first, then it and the
 * later runs alone. Per-job idempotency of every stage makes that safe: a job the batch loaded or
 * recorded is not written again.
 */
public class BatchDeliveryWorkflowImpl implements BatchDeliveryWorkflow {
  private static final Logger log = Workflow.getLogger(BatchDeliveryWorkflowImpl.class);

  /** {@code Workflow.getVersion} change id: a run failing STAGE or SCHEMA leaves the runs before it batched. */
  static final String SPLIT_AT_FAILED_RUN = "batch-split-at-failed-run";

  private BatchRequest request;
  private final List<DeliveryOutcome> outcomes = new ArrayList<>();
  private DeliveryStage stage = DeliveryStage.STAGE;
  private boolean stageShown;
  private RunRef alone;
  private String fallbackCause;
  /** The run that failed STAGE or SCHEMA: it and the runs after it go alone once the runs before it are delivered. */
  private RunRef splitAt;
  private final CommitLockHolder lock = new CommitLockHolder();

  @Override
  public BatchOutcome deliver(BatchRequest request) {
    this.request = request;
    lock.bind(request.underConnector(), request.connectorId(), "batch " + request.describe());
    try {
      List<StagedRun> staged = untilOneFails(request.runs(),
          run -> perRun(DeliveryStage.STAGE, run, a -> a.stage(request.request(run))));
      List<SchemaVersion> versions = untilOneFails(staged,
          run -> perRun(DeliveryStage.SCHEMA, run.run(), a -> a.schema(request.request(run.run()), run)));
      for (StagedBatch batch : bySchemaVersion(staged.subList(0, versions.size()), versions)) {
        deliverTogether(batch);
      }
      lock.release();
      if (splitAt != null) {
        deliverRestAlone();
      }
    } catch (ActivityFailure failure) {
      giveUp(failure);
    }
    Workflow.setCurrentDetails("Finished " + request.describe() + (fallbackCause == null ? " as a batch"
        : "; after " + fallbackCause + " the rest went alone"));
    return new BatchOutcome(outcomes);
  }

  /** {@code call} for each run in order, up to the first that fails (empty result, see {@link #perRun}). */
  private static <R, T> List<T> untilOneFails(List<R> runs, Function<R, Optional<T>> call) {
    List<T> results = new ArrayList<>();
    for (R run : runs) {
      Optional<T> result = call.apply(run);
      if (result.isEmpty()) {
        break;
      }
      results.add(result.get());
    }
    return results;
  }

  /** Consecutive runs of one schema version form one batch of the later stages. */
  private List<StagedBatch> bySchemaVersion(List<StagedRun> staged, List<SchemaVersion> versions) {
    List<StagedBatch> batches = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= staged.size(); i++) {
      if (i == staged.size() || versions.get(i).version() != versions.get(from).version()) {
        batches.add(new StagedBatch(request.connector(), versions.get(from), staged.subList(from, i)));
        from = i;
      }
    }
    return batches;
  }

  private void deliverTogether(StagedBatch batch) {
    StageResults.BatchLoaded loaded = batchStage(DeliveryStage.LOAD, batch, a -> a.loadBatch(batch));
    batchStage(DeliveryStage.PUBLISH, batch, a -> a.publishBatch(batch));
    batchStage(DeliveryStage.SHARE, batch, a -> a.shareBatch(batch));
    batchStage(DeliveryStage.VERIFY, batch, a -> a.verifyBatch(batch));
    for (StagedRun run : batch.runs()) {
      outcomes.add(new DeliveryOutcome(run.run(), DeliveryState.Status.DELIVERED, batch.version().version(),
          run.rowCount(), loaded.alreadyLoadedJobs().contains(run.run().jobId())));
    }
  }

  /**
   * {@code next} for one run. Failing after its retries, the run splits the batch (empty): the runs before
   * it stay a batch. A cancellation, and histories recorded before {@link #SPLIT_AT_FAILED_RUN}, end the
   * per-run stages of the whole batch instead.
   */
  private <T> Optional<T> perRun(DeliveryStage next, RunRef run, Function<DeliveryActivities, T> call) {
    enter(next, run.key());
    try {
      return Optional.of(call.apply(Workflow.newActivityStub(DeliveryActivities.class,
          options(next, next + " " + run.key()))));
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof CanceledFailure
          || Workflow.getVersion(SPLIT_AT_FAILED_RUN, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
        throw failure;
      }
      splitAt = run;
      fallBack(failure, next + " of " + run.key());
      return Optional.empty();
    }
  }

  private <T> T batchStage(DeliveryStage next, StagedBatch batch, Function<BatchDeliveryActivities, T> call) {
    String what = next + " " + batch.runs().size() + " runs into " + batch.version().tableName();
    enter(next, what);
    return call.apply(Workflow.newActivityStub(BatchDeliveryActivities.class, options(next, what)));
  }

  private void enter(DeliveryStage next, String what) {
    if (next.needsCommitLock() || (next == DeliveryStage.LOAD && request.underConnector()
        && Workflow.getVersion(RunDeliveryWorkflowImpl.LOAD_LOCKED, Workflow.DEFAULT_VERSION, 1) == 1)) {
      lock.acquire(next);
    } else {
      lock.release();
    }
    if (stage != next || !stageShown) {
      Workflow.upsertTypedSearchAttributes(SearchAttributes.DELIVERY_STAGE.valueSet(next.name()));
      stageShown = true;
    }
    stage = next;
    Workflow.setCurrentDetails("Running " + what + " (batch " + request.describe() + ", " + outcomes.size()
        + " delivered" + (splitAt == null ? ")" : "; " + fallbackCause + ": it and the later runs go alone next)"));
  }

  /** A batch stage failed: the runs not delivered yet go alone. */
  private void giveUp(ActivityFailure failure) {
    lock.release();
    if (failure.getCause() instanceof CanceledFailure) {
      // The backfill was cancelled (the connector revoked): nothing more is delivered, alone or together.
      throw failure;
    }
    fallBack(failure, stage.name());
    deliverRestAlone();
  }

  /** Records why runs of this batch go alone; {@code what} names the stage (and run) that failed. */
  private void fallBack(ActivityFailure failure, String what) {
    Throwable cause = failure.getCause();
    String type = cause instanceof ApplicationFailure af ? af.getType() : String.valueOf(cause);
    fallbackCause = what + " failed (" + type + ")";
    log.warn("batch {}: {}; delivering its runs from there on alone", request.describe(), fallbackCause);
  }

  /** The runs not delivered yet go one by one as ordinary deliveries, in job order. */
  private void deliverRestAlone() {
    List<RunRef> remaining = request.runs().subList(outcomes.size(), request.runs().size());
    for (RunRef run : remaining) {
      alone = run;
      Workflow.setCurrentDetails("Batch " + request.describe() + ": " + fallbackCause + "; delivering " + run.key()
          + " alone (" + outcomes.size() + " delivered)");
      RunDeliveryWorkflow child = Workflow.newChildWorkflowStub(RunDeliveryWorkflow.class,
          DeliveryDispatcher.runOptions(request.connector(), run, true));
      try {
        DeliveryOutcome outcome = child.deliver(request.request(run));
        outcomes.add(outcome);
        if (outcome.returned()) {
          // Its stage failed: the later runs wait behind it with the connector.
          request.runs().subList(outcomes.size(), request.runs().size())
              .forEach(later -> outcomes.add(DeliveryOutcome.returned(later, null)));
          break;
        }
      } catch (ChildWorkflowFailure abandoned) {
        String why = abandoned.getCause() instanceof TemporalFailure tf ? tf.getOriginalMessage() : "ended abnormally";
        log.warn("delivery of {} alone ended abnormally: {}", run.key(), why);
        outcomes.add(new DeliveryOutcome(run, DeliveryState.Status.FAILED, 0, 0, false));
      }
    }
    alone = null;
  }

  private static ActivityOptions options(DeliveryStage stage, String summary) {
    return ActivityOptions.newBuilder(DeliveryOptions.BY_STAGE.get(stage)).setSummary(summary).build();
  }

  @Override
  public void commitLockGranted() {
    lock.granted();
  }

  @Override
  public BatchState state() {
    return new BatchState(request == null ? List.of() : request.runs(), stage, outcomes.size(), alone, fallbackCause);
  }
}
