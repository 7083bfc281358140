package io.shareline.delivery;

import io.shareline.common.SearchAttributes;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.DeliveryState.StageFailure;
import io.shareline.delivery.DeliveryState.Status;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * The one stage loop every delivery runs, workflow code: a delivery is one or more consecutive runs of
 * one source workflow (a live run is a batch of one). STAGE and SCHEMA run per run (for a batch of several,
 * each as one activity going through its runs, {@link #STAGES_TOGETHER}); then, per consecutive
 * runs of one schema version, LOAD → PUBLISH → SHARE → VERIFY once for all of them. Stages that write the
 * connector's shared tables hold its commit lock (LOAD too, under a connector).
 *
 * <p>One rule for a stage failing after its retries (or at once, for a non-retryable type). A delivery of
 * one run fails that run: it tells the connector, then a live run parks in FAILED until an operator
 * signals retry (the stage runs again) or skip, and a backfill run is RETURNED to the connector. A
 * delivery of several runs cannot pin a batch stage's failure on one run: it gives the commit lock back
 * and delivers each run not yet delivered alone ({@link GoingAlone}); a run failing STAGE or SCHEMA splits
 * it instead: the runs before it go on together first. Per-job idempotency makes going alone safe.
 */
final class DeliveryLoop {
  private static final Logger log = Workflow.getLogger(DeliveryLoop.class);

  /** {@code Workflow.getVersion} change id: a backfill's failed run is returned to the connector, not parked. */
  static final String RETURN_FAILED = "backfill-failure-returned";
  /** {@code Workflow.getVersion} change id: LOAD holds the commit lock (live runs load while a backfill does). */
  static final String LOAD_LOCKED = "load-under-commit-lock";
  /** {@code Workflow.getVersion} change id: a run failing STAGE or SCHEMA leaves the runs before it batched. */
  static final String SPLIT_AT_FAILED_RUN = "batch-split-at-failed-run";
  /**
   * {@code Workflow.getVersion} change id: a batch of several runs stages them, then decides their schema
   * versions, each in one activity for all its runs (one ledger write) instead of one activity per run.
   */
  static final String STAGES_TOGETHER = "batch-stage-and-schema-together";

  private final CommitLockHolder lock = new CommitLockHolder();
  private final List<DeliveryOutcome> outcomes = new ArrayList<>();
  private ConnectorSpec connector;
  private List<RunRef> runs = List.of();
  private boolean backfill;
  private boolean underConnector;
  private boolean perRunStageTypes;

  private Status status = Status.RUNNING;
  private DeliveryStage stage = DeliveryStage.STAGE;
  private boolean stageShown;
  private final FailedStage failed = new FailedStage();
  private final GoingAlone goingAlone = new GoingAlone();
  /** The run that failed STAGE or SCHEMA: it and the runs after it go alone once the runs before it are delivered. */
  private RunRef splitAt;

  /**
   * Delivers {@code runs} (consecutive runs of one source workflow, in job order) and returns one outcome
   * per run, in job order.
   *
   * @param underConnector  take the connector's commit lock, tell it of failures (see {@link DeliveryRequest})
   * @param perRunStageTypes LOAD..VERIFY as the per-run activity types of deliveries recorded before every
   *                         delivery became a batch ({@link RunStageActivities}); false for all new ones
   */
  List<DeliveryOutcome> deliver(ConnectorSpec connector, List<RunRef> runs, boolean backfill, boolean underConnector,
      boolean perRunStageTypes) {
    this.connector = connector;
    this.runs = List.copyOf(runs);
    this.backfill = backfill;
    this.underConnector = underConnector;
    this.perRunStageTypes = perRunStageTypes;
    lock.bind(underConnector, connector.connectorId(), single() ? "delivery of " + runs.get(0).key() : "batch " + describe());
    try {
      List<StagedRun> staged;
      List<SchemaVersion> versions;
      if (!single() && Workflow.getVersion(STAGES_TOGETHER, Workflow.DEFAULT_VERSION, 1) == 1) {
        staged = together(DeliveryStage.STAGE, runs, run -> run, (a, rest) -> {
          StageResults.RunsStaged result = a.stageRuns(new BatchRequest(connector, rest, underConnector));
          return new Partly<>(result.staged(), result.failed());
        });
        versions = together(DeliveryStage.SCHEMA, staged, StagedRun::run, (a, rest) -> {
          BatchRequest batch = new BatchRequest(connector, rest.stream().map(StagedRun::run).toList(), underConnector);
          StageResults.SchemasDecided result = a.schemaRuns(batch, rest);
          return new Partly<>(result.versions(), result.failed());
        });
      } else {
        staged = untilOneFails(runs, run -> perRun(DeliveryStage.STAGE, run, a -> a.stage(request(run))));
        versions = untilOneFails(staged,
            run -> perRun(DeliveryStage.SCHEMA, run.run(), a -> a.schema(request(run.run()), run)));
      }
      for (StagedBatch batch : StagedBatch.bySchemaVersion(connector, staged.subList(0, versions.size()), versions)) {
        deliverTogether(batch);
      }
      lock.release();
      if (splitAt != null) {
        deliverRestAlone();
      }
    } catch (ActivityFailure batchStageFailed) {
      giveUp(batchStageFailed);
    } catch (RunEnded ended) {
      if (ended.skipped) {
        lock.release();
        status = Status.SKIPPED;
        Workflow.setCurrentDetails("Skipped by an operator at " + stage);
        outcomes.add(new DeliveryOutcome(runs.get(0), status, 0, 0, false));
      } else {
        StageFailure failure = failed.failure();
        Workflow.setCurrentDetails("FAILED at " + failure.stage() + " (" + failure.type() + "): " + failure.message()
            + "\nReturned to connector " + connector.connectorId() + ", which keeps it for `retry` or `skip`.");
        outcomes.add(DeliveryOutcome.returned(runs.get(0), failure));
      }
    }
    if (outcomes.size() == runs.size() && outcomes.stream().allMatch(o -> o.status() == Status.DELIVERED)) {
      status = Status.DELIVERED;
    }
    if (!single()) {
      Workflow.setCurrentDetails("Finished " + describe() + (goingAlone.cause() == null ? " as a batch"
          : "; after " + goingAlone.cause() + " the rest went alone"));
    }
    return List.copyOf(outcomes);
  }

  private boolean single() {
    return runs.size() == 1;
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

  /** What one activity over several runs did: results up to the run that failed, if one did. */
  private record Partly<T>(List<T> done, StageResults.RunFailed failed) {}

  /**
   * {@code next} for several runs, each activity going on from the run after the last one done. A run whose
   * failure is retryable is tried again as the first of the next activity, where a failure fails the
   * activity (so the stage's retry policy applies); a run failing for good splits the batch there (see
   * {@link #perRun}), and the results before it are returned.
   */
  private <R, T> List<T> together(DeliveryStage next, List<R> items, Function<R, RunRef> runOf,
      BiFunction<DeliveryActivities, List<R>, Partly<T>> call) {
    List<T> done = new ArrayList<>();
    while (done.size() < items.size()) {
      List<R> rest = List.copyOf(items.subList(done.size(), items.size()));
      RunRef first = runOf.apply(rest.get(0));
      Partly<T> result;
      try {
        result = attempt(next, rest.size() + " runs from " + first.key(), a -> call.apply(a, rest));
      } catch (ActivityFailure failed) {
        if (failed.getCause() instanceof CanceledFailure) {
          throw failed;
        }
        splitAt = first;
        goingAlone.because(next + " of " + first.key(), FailedStage.typeOf(failed), describe());
        break;
      }
      done.addAll(result.done());
      StageResults.RunFailed failed = result.failed();
      if (failed != null && (!failed.retryable() || result.done().isEmpty())) {
        splitAt = failed.run();
        goingAlone.because(next + " of " + failed.run().key(), failed.type(), describe());
        break;
      }
    }
    return done;
  }

  private void deliverTogether(StagedBatch batch) {
    String into = single() ? batch.runs().get(0).run().key()
        : batch.runs().size() + " runs into " + batch.version().tableName();
    StageResults.BatchLoaded loaded = attempt(DeliveryStage.LOAD, into, a -> a.load(batch));
    attempt(DeliveryStage.PUBLISH, into, a -> a.publish(batch));
    attempt(DeliveryStage.SHARE, into, a -> a.share(batch));
    attempt(DeliveryStage.VERIFY, into, a -> a.verify(batch));
    for (StagedRun run : batch.runs()) {
      outcomes.add(new DeliveryOutcome(run.run(), Status.DELIVERED, batch.version().version(),
          run.rowCount(), loaded.alreadyLoadedJobs().contains(run.run().jobId())));
    }
    if (single()) {
      Workflow.setCurrentDetails("Delivered " + into + " into " + batch.version().tableName());
    }
  }

  /**
   * {@code call} for one run. In a batch of several, the run failing after its retries splits the batch
   * (empty): the runs before it stay a batch. A cancellation, and histories recorded before
   * {@link #SPLIT_AT_FAILED_RUN}, end the per-run stages of the whole batch instead.
   */
  private <T> Optional<T> perRun(DeliveryStage next, RunRef run, Function<DeliveryActivities, T> call) {
    try {
      return Optional.of(attempt(next, run.key(), call));
    } catch (ActivityFailure failed) {
      if (failed.getCause() instanceof CanceledFailure
          || Workflow.getVersion(SPLIT_AT_FAILED_RUN, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
        throw failed;
      }
      splitAt = run;
      goingAlone.because(next + " of " + run.key(), FailedStage.typeOf(failed), describe());
      return Optional.empty();
    }
  }

  /**
   * Runs one stage's activity. In a delivery of one run a failure fails the run (see {@link #failRun}) and
   * an operator's retry runs the stage again; in a batch of several it is the caller's to handle.
   */
  private <T> T attempt(DeliveryStage next, String what, Function<DeliveryActivities, T> call) {
    while (true) {
      enter(next, what);
      try {
        return call.apply(activities(next, what));
      } catch (ActivityFailure failure) {
        if (!single()) {
          throw failure;
        }
        failRun(next, failure);
      }
    }
  }

  /** Takes or gives back the commit lock for {@code next}, then shows the stage (again after a failure). */
  private void enter(DeliveryStage next, String what) {
    boolean show = stage != next || !stageShown || failed.failure() != null;
    stage = next;
    status = Status.RUNNING;
    failed.clear();
    if (locked(next)) {
      lock.acquire(next);
    } else {
      lock.release();
    }
    if (show) {
      Workflow.upsertTypedSearchAttributes(
          SearchAttributes.DELIVERY_STAGE.valueSet(next.name()), SearchAttributes.FAILURE_STAGE.valueUnset());
      stageShown = true;
    }
    Workflow.setCurrentDetails(single() ? "Running " + next + " for " + what
        : "Running " + next + " " + what + " (batch " + describe() + ", " + outcomes.size() + " delivered"
            + (splitAt == null ? ")" : "; " + goingAlone.cause() + ": it and the later runs go alone next)"));
  }

  /** Whether a stage's activity runs under the connector's commit lock. */
  private boolean locked(DeliveryStage next) {
    return next.needsCommitLock() || (next == DeliveryStage.LOAD && underConnector
        && Workflow.getVersion(LOAD_LOCKED, Workflow.DEFAULT_VERSION, 1) == 1);
  }

  /**
   * The run of a delivery of one failed {@code failed}: records the failure, gives the lock back and tells
   * the connector; then a backfill run is returned to the connector, a live one waits for retry or skip.
   */
  private void failRun(DeliveryStage stage, ActivityFailure e) {
    RunRef run = runs.get(0);
    StageFailure failure = failed.record(stage, e);
    status = Status.FAILED;
    Workflow.upsertTypedSearchAttributes(SearchAttributes.FAILURE_STAGE.valueSet(stage.name()));
    Workflow.setCurrentDetails("FAILED at " + stage + " (" + failure.type() + "): " + failure.message()
        + "\nSignal `retry` to run the stage again or `skip` to give up on this run.");
    log.warn("delivery of {} failed at {} with {}", run.key(), stage, failure.type());
    lock.release();
    lock.tellConnector(c -> c.deliveryFailed(new DeliveryFailed(run, failure)));
    if (backfill && underConnector && Workflow.getVersion(RETURN_FAILED, Workflow.DEFAULT_VERSION, 1) == 1) {
      throw new RunEnded(false);
    }
    if (!failed.awaitRetry()) {
      throw new RunEnded(true);
    }
    log.info("retrying {} of {} on operator request", stage, run.key());
  }

  /** A stage of a batch of several failed: the runs not delivered yet go alone. */
  private void giveUp(ActivityFailure failed) {
    lock.release();
    if (failed.getCause() instanceof CanceledFailure) {
      // The backfill was cancelled (the connector revoked): nothing more is delivered, alone or together.
      throw failed;
    }
    goingAlone.because(stage.name(), FailedStage.typeOf(failed), describe());
    deliverRestAlone();
  }

  /** The runs not delivered yet go one by one as deliveries of one run, in job order. */
  private void deliverRestAlone() {
    goingAlone.deliver(connector, runs.subList(outcomes.size(), runs.size()), underConnector, outcomes, describe());
  }

  private DeliveryRequest request(RunRef run) {
    return new DeliveryRequest(connector, run, backfill, underConnector);
  }

  /** The activities of {@code stage}: LOAD..VERIFY of a delivery recorded before batches of one go per run. */
  private DeliveryActivities activities(DeliveryStage stage, String what) {
    ActivityOptions options = ActivityOptions.newBuilder(DeliveryOptions.BY_STAGE.get(stage))
        .setSummary(stage + " " + what)
        .build();
    if (perRunStageTypes && stage.ordinal() >= DeliveryStage.LOAD.ordinal()) {
      return new RunStageActivities.AsBatchOfOne(Workflow.newActivityStub(RunStageActivities.class, options),
          backfill, underConnector);
    }
    return Workflow.newActivityStub(DeliveryActivities.class, options);
  }

  /** e.g. {@code wf1/j1..j50 (50 runs)}. */
  private String describe() {
    RunRef first = runs.get(0);
    return first.key() + ".." + runs.get(runs.size() - 1).jobId() + " (" + runs.size() + " runs)";
  }

  void retry() {
    failed.retry();
  }

  void skip() {
    failed.skip();
  }

  void commitLockGranted() {
    lock.granted();
  }

  /** The state of a delivery of one run. */
  DeliveryState runState() {
    return new DeliveryState(runs.isEmpty() ? null : runs.get(0), status, stage, failed.retries(), failed.failure());
  }

  /** The state of a batch of several runs. */
  BatchState batchState() {
    return new BatchState(runs, stage, outcomes.size(), goingAlone.alone(), goingAlone.cause());
  }

  /** Ends a delivery of one run: skipped by an operator, or (a backfill's) returned to the connector. */
  private static final class RunEnded extends RuntimeException {
    final boolean skipped;

    RunEnded(boolean skipped) {
      super(skipped ? "skipped by operator" : "returned to the connector", null, false, false);
      this.skipped = skipped;
    }
  }
}
