package io.shareline.delivery;

import io.shareline.connector.spec.ConnectorSpec;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.slf4j.Logger;

/**
 * The runs of a batch that go alone after it gave up or split, workflow code for {@link DeliveryLoop}: each
 * as a {@link RunDeliveryWorkflow} child (a batch of one), in job order. A run returned there (its stage
 * failed) returns the later runs with it: they wait behind it with the connector.
 */
final class GoingAlone {
  private static final Logger log = Workflow.getLogger(GoingAlone.class);

  /** Why runs go alone (a batch stage, or STAGE/SCHEMA of one run, failed); null: none. */
  private String cause;
  /** The run being delivered alone now; null while batched. */
  private RunRef alone;

  /** Records that {@code what} (a stage, and the run) failed with {@code type}, so the runs from there on go alone. */
  void because(String what, String type, String batch) {
    cause = what + " failed (" + type + ")";
    log.warn("batch {}: {}; delivering its runs from there on alone", batch, cause);
  }

  /** Delivers {@code rest} one by one, adding an outcome per run to {@code outcomes}. */
  void deliver(ConnectorSpec connector, List<RunRef> rest, boolean underConnector, List<DeliveryOutcome> outcomes,
      String batch) {
    for (int i = 0; i < rest.size(); i++) {
      RunRef run = rest.get(i);
      alone = run;
      Workflow.setCurrentDetails("Batch " + batch + ": " + cause + "; delivering " + run.key() + " alone ("
          + outcomes.size() + " delivered)");
      RunDeliveryWorkflow child = Workflow.newChildWorkflowStub(RunDeliveryWorkflow.class,
          DeliveryDispatcher.runOptions(connector, run, true));
      try {
        DeliveryOutcome outcome = child.deliver(new DeliveryRequest(connector, run, true, underConnector));
        outcomes.add(outcome);
        if (outcome.returned()) {
          rest.subList(i + 1, rest.size()).forEach(later -> outcomes.add(DeliveryOutcome.returned(later, null)));
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

  String cause() {
    return cause;
  }

  RunRef alone() {
    return alone;
  }
}
