package io.shareline.worker.oneshot;

import io.shareline.client.SharelineClient;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.ConnectorStatus;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunRef;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Follows a connector until it is ACTIVE with nothing left to deliver, or a delivery parks in FAILED. */
final class DeliveryWatch {

  /** How the wait ended. */
  record Outcome(ConnectorState state, DeliveryState failed) {
    boolean ok() {
      return failed == null;
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
      for (String failed : state.failed.keySet()) {
        String[] key = failed.split("/", 2);
        Optional<DeliveryState> delivery = client.deliveryStatus(connectorId, new RunRef(key[0], key[1]));
        if (delivery.isPresent() && delivery.get().status() == DeliveryState.Status.FAILED) {
          return new Outcome(state, delivery.get());
        }
      }
      if (state.status == ConnectorStatus.ACTIVE && state.isIdle()) {
        return new Outcome(state, null);
      }
      if (state.status == ConnectorStatus.FIRST_LIVE_DELIVERY && state.inFlight.isEmpty() && state.pending.isEmpty()
          && state.history != null && state.history.newest() == null) {
        throw new IllegalStateException("connector " + connectorId + " has no run to deliver: " + state.spec.sourceUri()
            + " holds no finished run" + (state.spec.workflows().isEmpty() ? "" : " of " + state.spec.workflows()));
      }
      Optional<String> closed = closeReason(connector);
      if (closed.isPresent()) {
        throw new IllegalStateException("connector " + connectorId + " stopped in " + state.status + ": " + closed.get());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("connector " + connectorId + " did not finish within " + timeout.toSeconds() + " s");
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
    String progress = s.status == ConnectorStatus.BACKFILLING && s.backfill != null
        ? " (" + s.backfill.describe() + ")" : "";
    return s.status + progress + ", " + s.runsDelivered + " runs delivered"
        + (s.inFlight.isEmpty() ? "" : ", delivering " + s.inFlight.values().stream().map(RunRef::key).toList());
  }
}
