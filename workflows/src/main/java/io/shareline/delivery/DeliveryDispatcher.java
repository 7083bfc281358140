package io.shareline.delivery;

import io.shareline.common.SearchAttributes;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ConnectorSpec;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starts run deliveries as child workflows: at most one in flight per source workflow, so a
 * workflow's runs keep their order and never overlap, and at most the connector's
 * {@code maxParallelDeliveries} in all. Promises do not survive continue-as-new: callers continue
 * only when nothing is in flight.
 */
public final class DeliveryDispatcher {

  /** Hears, in workflow code, how each started delivery ended. */
  public interface Listener {
    void delivered(RunRef run, DeliveryOutcome outcome);

    /** The child ended without an outcome (terminated, timed out, failed to start): not delivered. */
    void abandoned(RunRef run, RuntimeException failure);
  }

  private final Map<String, RunRef> inFlight;
  private final boolean backfill;
  private final Listener listener;

  /** @param inFlight source workflow id → its run in delivery; owned by the caller's queryable state */
  public DeliveryDispatcher(Map<String, RunRef> inFlight, boolean backfill, Listener listener) {
    this.inFlight = inFlight;
    this.backfill = backfill;
    this.listener = listener;
  }

  /** Starts what may start now, taking those runs off {@code queue} (a FIFO per source workflow). */
  public void dispatch(ConnectorSpec spec, List<RunRef> queue) {
    dispatch(spec, queue, Set.of());
  }

  /** As {@link #dispatch(ConnectorSpec, List)}, leaving runs of the {@code held} source workflows queued. */
  public void dispatch(ConnectorSpec spec, List<RunRef> queue, Set<String> held) {
    int max = spec.orchestration().maxParallelDeliveries();
    for (Iterator<RunRef> it = queue.iterator(); it.hasNext() && inFlight.size() < max; ) {
      RunRef run = it.next();
      if (!inFlight.containsKey(run.workflowId()) && !held.contains(run.workflowId())) {
        it.remove();
        start(spec, run);
      }
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

  private void start(ConnectorSpec spec, RunRef run) {
    inFlight.put(run.workflowId(), run);
    RunDeliveryWorkflow child = Workflow.newChildWorkflowStub(RunDeliveryWorkflow.class, options(spec, run));
    Async.function(child::deliver, new DeliveryRequest(spec, run, backfill, true)).handle((outcome, failure) -> {
      inFlight.remove(run.workflowId());
      if (failure != null) {
        listener.abandoned(run, failure);
      } else {
        listener.delivered(run, outcome);
      }
      return null;
    });
  }

  private ChildWorkflowOptions options(ConnectorSpec spec, RunRef run) {
    String connectorId = spec.connectorId();
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(TaskQueues.deliveryWorkflowId(connectorId, run.workflowId(), run.jobId()))
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setStaticSummary((backfill ? "Backfill " : "Deliver ") + run.key() + " for connector " + connectorId)
        .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
            .set(SearchAttributes.CONNECTOR_ID, connectorId)
            .set(SearchAttributes.SOURCE_WORKFLOW_ID, run.workflowId())
            .build())
        .build();
  }
}
