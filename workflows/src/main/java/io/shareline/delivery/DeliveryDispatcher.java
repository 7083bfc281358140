package io.shareline.delivery;

import io.shareline.common.SearchAttributes;
import io.shareline.common.TaskQueues;
import io.shareline.connector.spec.ConnectorSpec;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Starts deliveries as child workflows: at most one in flight per source workflow, so a workflow's
 * runs keep their order and never overlap, and at most the connector's {@code maxParallelDeliveries} in
 * all. A delivery takes the next queued run of a source workflow and, with {@link BatchBounds} over one
 * run, the consecutive runs after it the bounds admit, in the workflow's single slot. Promises do not survive continue-as-new: callers continue only when nothing is
 * in flight.
 */
public final class DeliveryDispatcher {

  /** Hears, in workflow code, how each started delivery ended. */
  public interface Listener {
    void delivered(RunRef run, DeliveryOutcome outcome);

    /** The child ended without an outcome (terminated, timed out, failed to start): not delivered. */
    void abandoned(RunRef run, RuntimeException failure);

    /**
     * A delivery of this run is running already (a live copy of a run the backfill is delivering): that
     * delivery reports it. By default counted as abandoned.
     */
    default void alreadyRunning(RunRef run, RuntimeException failure) {
      abandoned(run, failure);
    }

    /** Not delivered, handed back to the connector: its stage failed, or it is behind a run that did. */
    default void returned(RunRef run, DeliveryOutcome outcome) {
      throw new IllegalStateException("only a backfill's deliveries return runs: " + run.key());
    }

    /** A batch child ended without outcomes: every run of it is abandoned. */
    default void batchAbandoned(List<RunRef> runs, String batchWorkflowId, RuntimeException failure) {
      runs.forEach(run -> abandoned(run, failure));
    }
  }

  private final Map<String, RunRef> inFlight;
  private final boolean backfill;
  private final Listener listener;
  private final BatchBounds bounds;
  /** Run key → id of the batch that took it, for every batch this dispatcher started. */
  private final Map<String, String> batchIds = new HashMap<>();

  /** @param inFlight source workflow id → its run in delivery; owned by the caller's queryable state */
  public DeliveryDispatcher(Map<String, RunRef> inFlight, boolean backfill, Listener listener) {
    this(inFlight, backfill, listener, BatchBounds.runs(1));
  }

  /** @param bounds how many queued runs of one source workflow go together at most ({@code runs(1)}: one by one) */
  public DeliveryDispatcher(Map<String, RunRef> inFlight, boolean backfill, Listener listener, BatchBounds bounds) {
    this.inFlight = inFlight;
    this.backfill = backfill;
    this.listener = listener;
    this.bounds = bounds;
  }

  /** Starts what may start now, taking those runs off {@code queue} (a FIFO per source workflow). */
  public void dispatch(ConnectorSpec spec, List<RunRef> queue) {
    dispatch(spec, queue, Set.of());
  }

  /** As {@link #dispatch(ConnectorSpec, List)}, leaving runs of the {@code held} source workflows queued. */
  public void dispatch(ConnectorSpec spec, List<RunRef> queue, Set<String> held) {
    int max = spec.orchestration().maxParallelDeliveries();
    int i = 0;
    while (i < queue.size() && inFlight.size() < max) {
      RunRef run = queue.get(i);
      if (inFlight.containsKey(run.workflowId()) || held.contains(run.workflowId())) {
        i++;
        continue;
      }
      start(spec, takeGroup(queue, i));
    }
  }

  /** Whether {@link #dispatch} would start anything. */
  public boolean canDispatch(ConnectorSpec spec, List<RunRef> queue) {
    return canDispatch(spec, queue, Set.of());
  }

  /** Whether {@link #dispatch(ConnectorSpec, List, Set)} would start anything. */
  public boolean canDispatch(ConnectorSpec spec, List<RunRef> queue, Set<String> held) {
    return inFlight.size() < spec.orchestration().maxParallelDeliveries()
        && queue.stream().anyMatch(run -> !inFlight.containsKey(run.workflowId()) && !held.contains(run.workflowId()));
  }

  /** The id of the batch this dispatcher started with {@code run} in it; empty if it went alone or never came here. */
  public Optional<String> batchOf(RunRef run) {
    return Optional.ofNullable(batchIds.get(run.key()));
  }

  /** The run at {@code first} and the next queued runs of its source workflow the bounds admit, off the queue. */
  private List<RunRef> takeGroup(List<RunRef> queue, int first) {
    String workflowId = queue.get(first).workflowId();
    List<RunRef> group = new ArrayList<>();
    long bytes = 0;
    for (int j = first; j < queue.size(); ) {
      RunRef run = queue.get(j);
      if (!run.workflowId().equals(workflowId)) {
        j++;
      } else if (bounds.admits(group.size(), bytes, run)) {
        group.add(queue.remove(j));
        bytes += bounds.bytesOf(run);
      } else {
        break;
      }
    }
    return group;
  }

  /**
   * Starts the delivery of {@code group} (consecutive runs of one source workflow): a run alone as a
   * {@link RunDeliveryWorkflow}, several as a {@link BatchDeliveryWorkflow}, both the same stage loop.
   */
  private void start(ConnectorSpec spec, List<RunRef> group) {
    RunRef first = group.get(0);
    RunRef last = group.get(group.size() - 1);
    inFlight.put(first.workflowId(), first);
    Promise<List<DeliveryOutcome>> outcomes;
    String id;
    if (group.size() == 1) {
      id = TaskQueues.deliveryWorkflowId(spec.connectorId(), first.workflowId(), first.jobId());
      RunDeliveryWorkflow child = Workflow.newChildWorkflowStub(RunDeliveryWorkflow.class, runOptions(spec, first, backfill));
      outcomes = Async.function(child::deliver, new DeliveryRequest(spec, first, backfill, true)).thenApply(List::of);
    } else {
      id = TaskQueues.batchWorkflowId(spec.connectorId(), first.workflowId(), first.jobId(), last.jobId());
      group.forEach(run -> batchIds.put(run.key(), id));
      BatchDeliveryWorkflow child = Workflow.newChildWorkflowStub(BatchDeliveryWorkflow.class,
          options(spec, first, id, "Backfill " + group.size() + " runs " + first.key() + ".." + last.jobId()));
      outcomes = Async.function(child::deliver, new BatchRequest(spec, group, true)).thenApply(BatchOutcome::runs);
    }
    outcomes.handle((runs, failure) -> {
      inFlight.remove(first.workflowId());
      if (failure != null) {
        abandoned(group, id, failure);
        return null;
      }
      for (DeliveryOutcome run : runs) {
        if (run.status() == DeliveryState.Status.FAILED) {
          listener.abandoned(run.run(), ApplicationFailure.newFailure(
              "delivered alone after its batch gave up, and ended abnormally", "DELIVERY_ABANDONED"));
        } else if (run.returned()) {
          listener.returned(run.run(), run);
        } else {
          listener.delivered(run.run(), run);
        }
      }
      return null;
    });
  }

  /** The child ended without outcomes (terminated, timed out, failed to start, or already running). */
  private void abandoned(List<RunRef> group, String id, RuntimeException failure) {
    if (group.size() > 1) {
      listener.batchAbandoned(group, id, failure);
    } else if (failure.getCause() instanceof WorkflowExecutionAlreadyStarted) {
      listener.alreadyRunning(group.get(0), failure);
    } else {
      listener.abandoned(group.get(0), failure);
    }
  }

  /** Options of a single run's delivery child, started here or by a batch that gave up. */
  static ChildWorkflowOptions runOptions(ConnectorSpec spec, RunRef run, boolean backfill) {
    return options(spec, run, TaskQueues.deliveryWorkflowId(spec.connectorId(), run.workflowId(), run.jobId()),
        (backfill ? "Backfill " : "Deliver ") + run.key());
  }

  private static ChildWorkflowOptions options(ConnectorSpec spec, RunRef run, String workflowId, String summary) {
    String connectorId = spec.connectorId();
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setStaticSummary(summary + " for connector " + connectorId)
        .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
            .set(SearchAttributes.CONNECTOR_ID, connectorId)
            .set(SearchAttributes.SOURCE_WORKFLOW_ID, run.workflowId())
            .build())
        .build();
  }
}
