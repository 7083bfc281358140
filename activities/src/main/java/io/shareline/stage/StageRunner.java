package io.shareline.stage;

import io.shareline.delivery.DeliveryRequest;
import io.shareline.common.Failures;
import io.shareline.delivery.DeliveryStage;
import io.shareline.delivery.RunRef;
import io.shareline.delivery.StageResults;
import io.shareline.delivery.StagedBatch;
import io.shareline.ledger.Ledger;
import io.shareline.progress.Progress;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one stage attempt: records it in the ledger when it ends (start, end, outcome, failure type; one
 * write for all the runs of a batch: an attempt that dies with its worker leaves a gap in the attempt
 * numbers, and Temporal's history says why), puts the connector, workflow and job ids in the log context,
 * and turns any exception into a classified failure. Messages never carry row values: the classified exceptions are written that way.
 */
public final class StageRunner {
  private static final Logger log = LoggerFactory.getLogger(StageRunner.class);

  /** A stage body. */
  @FunctionalInterface
  public interface Body<T> {
    T call() throws Exception;
  }

  private static final Set<String> NON_RETRYABLE = Set.of(Failures.nonRetryableTypes());

  private final Ledger ledger;
  private final DeliveryMetrics metrics;

  public StageRunner(Ledger ledger) {
    this(ledger, DeliveryMetrics.NONE);
  }

  public StageRunner(Ledger ledger, DeliveryMetrics metrics) {
    this.ledger = ledger;
    this.metrics = metrics;
  }

  public DeliveryMetrics metrics() {
    return metrics;
  }

  public <T> T run(DeliveryRequest request, DeliveryStage stage, Body<T> body) {
    return run(request, stage, body, result -> null);
  }

  /** A stage whose success leaves a note in the ledger (e.g. the proof VERIFY used). */
  public <T> T run(DeliveryRequest request, DeliveryStage stage, Body<T> body, Function<T, String> note) {
    return run(request.connectorId(), request.run().workflowId(), List.of(request.run().jobId()), stage, body, note);
  }

  /** A batch stage: one attempt recorded for each job of the batch, so each job's history lists it. */
  public <T> T run(StagedBatch batch, DeliveryStage stage, Body<T> body) {
    return run(batch, stage, body, result -> null);
  }

  public <T> T run(StagedBatch batch, DeliveryStage stage, Body<T> body, Function<T, String> note) {
    return run(batch.connectorId(), batch.version().workflowId(), batch.jobIds(), stage, body, note);
  }

  private <T> T run(String connectorId, String workflowId, List<String> jobIds, DeliveryStage stage, Body<T> body,
      Function<T, String> note) {
    int attempt = attempt();
    Instant started = Instant.now();
    putContext(connectorId, workflowId, jobIds, stage);
    try {
      Progress.beat(stage + " started");
      T result = body.call();
      Instant ended = Instant.now();
      String noted = note.apply(result);
      record(jobIds, job -> new Ledger.Attempt(connectorId, workflowId, job, stage.name(),
          attempt, started, ended, "SUCCEEDED", null, noted));
      log.debug("{} succeeded (attempt {})", stage, attempt);
      metrics.stageFinished(stage, Duration.between(started, Instant.now()), null);
      return result;
    } catch (ActivityCompletionException cancelled) {
      // Cancelled or timed out, learnt at a heartbeat: stop here; Temporal records why.
      log.info("{} stopped (attempt {}): {}", stage, attempt, cancelled.getClass().getSimpleName());
      metrics.stageFinished(stage, Duration.between(started, Instant.now()), "CANCELLED");
      throw cancelled;
    } catch (Exception e) {
      ApplicationFailure failure = StageFailures.classify(e);
      try {
        Instant ended = Instant.now();
        record(jobIds, job -> new Ledger.Attempt(connectorId, workflowId, job, stage.name(),
            attempt, started, ended, "FAILED", failure.getType(), failure.getOriginalMessage()));
      } catch (RuntimeException ledgerDown) {
        log.warn("could not record the failed {} attempt in the ledger: {}", stage, ledgerDown.toString());
      }
      log.warn("{} failed (attempt {}) with {}: {}", stage, attempt, failure.getType(), failure.getOriginalMessage());
      metrics.stageFinished(stage, Duration.between(started, Instant.now()), failure.getType());
      throw failure;
    } finally {
      clearContext();
    }
  }

  /** A body for one item of a stage over several runs. */
  @FunctionalInterface
  public interface Step<R, T> {
    T call(R item) throws Exception;
  }

  /** What a stage over several runs did: each result in order, up to the run that failed ({@code failed}, or null). */
  public record Each<T>(List<T> done, StageResults.RunFailed failed) {}

  /**
   * A stage over several runs of one workflow in one activity: {@code step} for each item in order, up to
   * the first that fails; each run's attempt (its own start and end) recorded in ONE ledger write. The
   * first item's failure is thrown, classified, as {@link #run} throws it; a later one's is returned.
   */
  public <R, T> Each<T> runEach(String connectorId, String workflowId, DeliveryStage stage, List<R> items,
      Function<R, RunRef> runOf, Step<R, T> step) {
    int attempt = attempt();
    List<T> done = new ArrayList<>();
    List<Ledger.Attempt> attempts = new ArrayList<>();
    StageResults.RunFailed failed = null;
    ApplicationFailure firstFailed = null;
    putContext(connectorId, workflowId, items.stream().map(i -> runOf.apply(i).jobId()).toList(), stage);
    try {
      for (R item : items) {
        RunRef run = runOf.apply(item);
        Progress.beat(stage + " of " + run.jobId());
        Instant started = Instant.now();
        try {
          done.add(step.call(item));
          attempts.add(new Ledger.Attempt(connectorId, workflowId, run.jobId(), stage.name(), attempt, started,
              Instant.now(), "SUCCEEDED", null, null));
          metrics.stageFinished(stage, Duration.between(started, Instant.now()), null);
        } catch (ActivityCompletionException cancelled) {
          log.info("{} of {} stopped (attempt {}): {}", stage, run.jobId(), attempt, cancelled.getClass().getSimpleName());
          metrics.stageFinished(stage, Duration.between(started, Instant.now()), "CANCELLED");
          throw cancelled;
        } catch (Exception e) {
          ApplicationFailure failure = StageFailures.classify(e);
          attempts.add(new Ledger.Attempt(connectorId, workflowId, run.jobId(), stage.name(), attempt, started,
              Instant.now(), "FAILED", failure.getType(), failure.getOriginalMessage()));
          log.warn("{} of {} failed (attempt {}) with {}: {}", stage, run.jobId(), attempt, failure.getType(),
              failure.getOriginalMessage());
          metrics.stageFinished(stage, Duration.between(started, Instant.now()), failure.getType());
          if (done.isEmpty()) {
            firstFailed = failure;
          } else {
            failed = new StageResults.RunFailed(run, failure.getType(), failure.getOriginalMessage(),
                !failure.isNonRetryable() && !NON_RETRYABLE.contains(failure.getType()));
          }
          break;
        }
      }
      if (firstFailed != null) {
        try {
          ledger.write(attempts);
        } catch (RuntimeException ledgerDown) {
          log.warn("could not record the failed {} attempt in the ledger: {}", stage, ledgerDown.toString());
        }
        throw firstFailed;
      }
      ledger.write(attempts);
      return new Each<>(done, failed);
    } finally {
      clearContext();
    }
  }

  private static void putContext(String connectorId, String workflowId, List<String> jobIds, DeliveryStage stage) {
    MDC.put("connector", connectorId);
    MDC.put("workflow", workflowId);
    MDC.put("job", jobIds.size() == 1 ? jobIds.get(0) : jobIds.get(0) + ".." + jobIds.get(jobIds.size() - 1));
    MDC.put("stage", stage.name());
  }

  private static void clearContext() {
    MDC.remove("connector");
    MDC.remove("workflow");
    MDC.remove("job");
    MDC.remove("stage");
  }

  /** One ledger write for the attempt of every run of the batch: one commit per stage per batch. */
  private void record(List<String> jobIds, Function<String, Ledger.Attempt> of) {
    ledger.write(jobIds.stream().map(of).toList());
  }

  private static int attempt() {
    try {
      return Activity.getExecutionContext().getInfo().getAttempt();
    } catch (RuntimeException outsideAnActivity) {
      return 1;
    }
  }
}
