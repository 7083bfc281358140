package io.shareline.worker.oneshot;

import io.shareline.client.FailedRuns;
import io.shareline.client.SharelineClient;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.ConnectorStatus;
import io.shareline.delivery.RunRef;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows a connector until nothing more can be delivered: every workflow is either delivered completely or
 * stopped behind a run parked in FAILED.
 */
final class DeliveryWatch {

  /** How the wait ended: the failed runs, empty when everything was delivered. */
  record Outcome(ConnectorState state, List<FailedRuns.FailedRun> failed) {
    boolean ok() {
      return failed.isEmpty();
    }
  }

  private DeliveryWatch() {}

  /**
   * @throws IllegalStateException if the connector workflow closes (e.g. onboarding failed), if it has no run to
   *     deliver (it would wait for a live run forever), or when {@code timeout} passes
   */
  static Outcome awaitIdle(EmbeddedSession session, String connectorId, Duration timeout, PrintStream out)
      throws InterruptedException {
    SharelineClient client = session.client;
    WorkflowStub connector = session.connection.client()
        .newUntypedWorkflowStub(TaskQueues.connectorWorkflowId(connectorId));
    Instant deadline = Instant.now().plus(timeout);
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      ConnectorState state = client.status(connectorId);
      String line = describe(state);
      if (!line.equals(last)) {
        out.println("  " + line);
        last = line;
      }
      if (settled(state)) {
        return new Outcome(state, FailedRuns.of(state));
      }
      if (state.status() == ConnectorStatus.FIRST_LIVE_DELIVERY && state.inFlight().isEmpty() && state.pending().isEmpty()
          && state.history() != null && state.history().newest() == null) {
        throw new IllegalStateException("connector " + connectorId + " has no run to deliver: " + state.spec().sourceUri()
            + " holds no finished run" + (state.spec().workflows().isEmpty() ? "" : " of " + state.spec().workflows()));
      }
      Optional<String> closed = closeReason(connector);
      if (closed.isPresent()) {
        throw new IllegalStateException("connector " + connectorId + " stopped in " + state.status() + ": " + closed.get());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("connector " + connectorId + " did not finish within " + timeout.toSeconds() + " s");
  }

  /**
   * Nothing will move without an operator: onboarding is done (or its first live run failed), every delivery
   * in flight is parked in FAILED, and every queued run waits behind a failed run of its workflow.
   */
  private static boolean settled(ConnectorState state) {
    boolean onboarded = state.status() == ConnectorStatus.ACTIVE && !state.isBackfilling();
    boolean firstFailed = state.status() == ConnectorStatus.FIRST_LIVE_DELIVERY && !state.inFlight().isEmpty();
    if (!onboarded && !firstFailed) {
      return false;
    }
    Set<String> stopped = new HashSet<>(state.heldWorkflows());
    for (RunRef run : state.inFlight().values()) {
      if (!state.failed().containsKey(run.key())) {
        return false;
      }
      stopped.add(run.workflowId());
    }
    return state.pending().stream().allMatch(run -> stopped.contains(run.workflowId()));
  }

  /** Why the connector workflow closed (its failure's innermost message), or empty while it runs. */
  private static Optional<String> closeReason(WorkflowStub connector) {
    if (connector.describe().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return Optional.empty();
    }
    try {
      connector.getResult(5, TimeUnit.SECONDS, Void.class);
      return Optional.of("it completed");
    } catch (WorkflowException e) {
      return Optional.of(innermost(e));
    } catch (TimeoutException e) {
      // continued as new between describe and getResult: it runs again
      return Optional.empty();
    }
  }

  private static String innermost(Throwable e) {
    String reason = e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af) {
        reason = af.getType() + ": " + af.getOriginalMessage();
      } else if (t instanceof TemporalFailure tf) {
        reason = tf.getOriginalMessage();
      }
    }
    return reason;
  }

  private static String describe(ConnectorState s) {
    String progress = s.status() == ConnectorStatus.BACKFILLING && s.backfill() != null
        ? " (" + s.backfill().describe() + ")" : "";
    return s.status() + progress + ", " + s.runsDelivered() + " runs delivered"
        + (s.inFlight().isEmpty() ? "" : ", delivering " + s.inFlight().values().stream().map(RunRef::key).toList());
  }
}
