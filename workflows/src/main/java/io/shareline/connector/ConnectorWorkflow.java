package io.shareline.connector;

import io.shareline.delivery.RunRef;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The long-lived connector entity; id {@code connector/<connectorId>}. */
@WorkflowInterface
public interface ConnectorWorkflow {

  @WorkflowMethod
  void run(ConnectorInput input);

  /** The engine reports a finished run; queued during onboarding, never delivered twice. */
  @SignalMethod(description = "A source run finished: deliver it")
  void runCompleted(RunRef run);

  @QueryMethod(description = "The connector's full state: status, queues, counts, last failure")
  ConnectorState state();
}
