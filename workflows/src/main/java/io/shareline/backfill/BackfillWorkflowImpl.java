package io.shareline.backfill;

import io.shareline.common.SetupCalls;
import io.shareline.common.TaskQueues;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.connector.spec.OrchestrationSettings;
import io.shareline.delivery.BatchBounds;
import io.shareline.delivery.DeliveryDispatcher;
import io.shareline.delivery.DeliveryOutcome;
import io.shareline.delivery.DeliverySignals;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunRef;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * One page per run: plan the page, deliver it (one run in flight per source workflow, in order,
 * several workflows at once), report it to the connector, continue as new with the next cursor.
 * A page is delivered completely before continuing, so no delivery promise is ever lost. A run whose
 * stage fails comes back RETURNED: it, and every later run of its workflow in this and later pages, is
 * handed to the connector, which keeps them in order behind the failure; the other workflows go on.
 */
public class BackfillWorkflowImpl implements BackfillWorkflow {
  private static final Logger log = Workflow.getLogger(BackfillWorkflowImpl.class);

  /** {@code Workflow.getVersion} change id: a page's runs of one source workflow go in batches. */
  static final String BATCHES = "backfill-batches";

  /**
   * {@code Workflow.getVersion} change id: batches also close at {@code backfillBatchBytes}. Asked only for a
   * page that carries run sizes and is batched, so histories without sizes record no marker.
   */
  static final String BATCH_BYTES = "backfill-batch-bytes";

  private final BackfillInput input;
  private final Set<String> exclude;
  private final TreeMap<String, RunRef> inFlight = new TreeMap<>();
  private final List<RunRef> delivered = new ArrayList<>();
  private final List<RunRef> skipped = new ArrayList<>();
  private final List<RunRef> abandoned = new ArrayList<>();
  private final List<DeliveryOutcome> returned = new ArrayList<>();
  /** Workflows with a run handed back to the connector: their later runs follow it there, never delivered here. */
  private final Set<String> returning;
  private List<RunRef> queue = List.of();
  private DeliveryDispatcher deliveries;
  private BackfillProgress progress;
  private boolean paused;

  @WorkflowInit
  public BackfillWorkflowImpl(BackfillInput input) {
    this.input = input;
    this.exclude = new HashSet<>(input.exclude());
    this.paused = input.paused();
    this.progress = input.progress();
    this.returning = new java.util.TreeSet<>(input.returning());
  }

  @Override
  public BackfillProgress run(BackfillInput ignored) {
    ConnectorSpec spec = input.spec();
    if (progress == null) {
      progress = BackfillProgress.startedAt(Workflow.currentTimeMillis());
    }
    awaitResumed();
    Workflow.setCurrentDetails("Planning backfill page " + (progress.pages() + 1) + ": " + progress.describe());
    BackfillPage page = Workflow.newActivityStub(BackfillActivities.class, SetupCalls.options("Plan backfill page "
        + (progress.pages() + 1) + " of " + spec.connectorId())).planBackfillPage(new BackfillPageRequest(spec, input.cursor(),
        spec.orchestration().backfillPageSize()));
    progress = progress.withTotal(page.total());
    queue = new ArrayList<>(page.runs().stream().filter(run -> !exclude.contains(run.key())).toList());
    progress = progress.plusRuns(page.runs().size() - queue.size(), 0, Workflow.currentTimeMillis());
    returnQueuedRuns();
    deliveries = new DeliveryDispatcher(inFlight, true, new PageOutcomes(), batchBounds(spec, page));
    deliver(spec, queue);
    boolean last = page.nextCursor() == null;
    progress = progress.pageDone(last);
    if (!report()) {
      return progress;
    }
    if (last) {
      Workflow.setCurrentDetails("Backfill finished: " + progress.describe());
      return progress;
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(new BackfillInput(spec, input.exclude(), page.nextCursor(), progress, paused,
        List.copyOf(returning)));
    return progress;
  }

  private static BatchBounds batchBounds(ConnectorSpec spec, BackfillPage page) {
    // Histories from before batches deliver run by run.
    if (Workflow.getVersion(BATCHES, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return BatchBounds.runs(1);
    }
    OrchestrationSettings settings = spec.orchestration();
    if (settings.backfillBatchSize() == 1 || page.inputBytes().isEmpty()
        || Workflow.getVersion(BATCH_BYTES, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return BatchBounds.runs(settings.backfillBatchSize());
    }
    return new BatchBounds(settings.backfillBatchSize(), settings.backfillBatchBytes(), page.inputBytes());
  }

  private void deliver(ConnectorSpec spec, List<RunRef> queue) {
    while (!queue.isEmpty() || !inFlight.isEmpty()) {
      if (!paused) {
        deliveries.dispatch(spec, queue);
      }
      Workflow.setCurrentDetails((paused ? "PAUSED (connector disabled). " : "")
          + "Backfill page " + (progress.pages() + 1) + ": " + progress.describe() + "; in flight "
          + inFlight.values().stream().map(RunRef::key).toList() + ", " + queue.size() + " waiting in this page");
      int done = progress.done();
      boolean wasPaused = paused;
      Workflow.await(() -> progress.done() != done || paused != wasPaused
          || (!paused && deliveries.canDispatch(spec, queue)));
    }
  }

  private void awaitResumed() {
    if (paused) {
      Workflow.setCurrentDetails("PAUSED (connector disabled) before page " + (progress.pages() + 1));
      Workflow.await(() -> !paused);
    }
  }

  /** Tells the connector which runs this page delivered; false if the connector is gone (revoked). */
  private boolean report() {
    try {
      connector().backfillReport(new BackfillReport(delivered, skipped, abandoned, progress, returned));
      return true;
    } catch (SignalExternalWorkflowException | ApplicationFailure gone) {
      log.warn("connector {} is gone; backfill stops at {}", input.spec().connectorId(), progress.describe());
      return false;
    }
  }

  /** The commit lock is the deliveries' signal; the backfill gives back the lock of one it saw end abnormally. */
  private DeliverySignals connectorLocks() {
    return Workflow.newExternalWorkflowStub(DeliverySignals.class,
        TaskQueues.connectorWorkflowId(input.spec().connectorId()));
  }

  private BackfillSignals connector() {
    return Workflow.newExternalWorkflowStub(BackfillSignals.class,
        TaskQueues.connectorWorkflowId(input.spec().connectorId()));
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
  }

  @Override
  public BackfillProgress progress() {
    return progress;
  }

  @Override
  public List<RunRef> inFlight() {
    return List.copyOf(inFlight.values());
  }

  @Override
  public String batchOf(RunRef run) {
    return deliveries == null ? null : deliveries.batchOf(run).orElse(null);
  }

  /** Queued runs of workflows with a returned run follow it to the connector, in order. */
  private void returnQueuedRuns() {
    List<RunRef> behind = queue.stream().filter(run -> returning.contains(run.workflowId())).toList();
    queue.removeAll(behind);
    behind.forEach(run -> returned.add(DeliveryOutcome.returned(run, null)));
    progress = progress.plusRuns(behind.size(), 0, Workflow.currentTimeMillis());
  }

  private final class PageOutcomes implements DeliveryDispatcher.Listener {
    @Override
    public void returned(RunRef run, DeliveryOutcome outcome) {
      returned.add(outcome);
      returning.add(run.workflowId());
      progress = progress.plusRuns(1, 0, Workflow.currentTimeMillis());
      returnQueuedRuns();
    }

    @Override
    public void delivered(RunRef run, DeliveryOutcome outcome) {
      boolean wasSkipped = outcome.status() == DeliveryState.Status.SKIPPED;
      (wasSkipped ? skipped : delivered).add(run);
      long rows = wasSkipped || outcome.alreadyDelivered() ? 0 : outcome.rows();
      progress = progress.plusRuns(1, rows, Workflow.currentTimeMillis());
    }

    /** A delivery terminated from outside never gives its commit lock back by itself. */
    @Override
    public void abandoned(RunRef run, RuntimeException failure) {
      abandoned.add(run);
      progress = progress.plusRuns(1, 0, Workflow.currentTimeMillis());
      log.warn("backfill delivery of {} ended abnormally: {}", run.key(), failure.getCause());
      String id = TaskQueues.deliveryWorkflowId(input.spec().connectorId(), run.workflowId(), run.jobId());
      Async.procedure(connectorLocks()::releaseCommitLock, id);
    }

    /** The batch and any run it was delivering alone may each have held the commit lock. */
    @Override
    public void batchAbandoned(List<RunRef> runs, String batchWorkflowId, RuntimeException failure) {
      DeliveryDispatcher.Listener.super.batchAbandoned(runs, batchWorkflowId, failure);
      Async.procedure(connectorLocks()::releaseCommitLock, batchWorkflowId);
    }
  }
}
