package io.shareline.delivery;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Delivers consecutive historical runs of one source workflow with one commit per table; id
 * {@code batch/<connector>/<workflow>/<firstJob>..<lastJob>}. A failed batch stage hands the runs not yet
 * delivered to ordinary {@link RunDeliveryWorkflow}s, one after the other; a run failing STAGE or SCHEMA
 * does so for itself and the later runs only, after the runs before it are delivered together.
 */
@WorkflowInterface
public interface BatchDeliveryWorkflow {

  @WorkflowMethod
  BatchOutcome deliver(BatchRequest request);

  /** Same signal name as {@link RunDeliveryWorkflow#commitLockGranted}: the connector grants either alike. */
  @SignalMethod(description = "The connector's commit lock is this batch's: write the shared tables")
  void commitLockGranted();

  @QueryMethod(description = "Runs of the batch, current stage, runs delivered, the run delivered alone")
  BatchState state();
}
