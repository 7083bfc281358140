package io.shareline.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.shareline.backfill.BackfillWorkflow;
import io.shareline.common.SearchAttributes;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ActionResult;
import io.shareline.connector.ConnectorInput;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.ConnectorStatus;
import io.shareline.connector.ConnectorWorkflow;
import io.shareline.connector.FinishedRuns;
import io.shareline.connector.StagingFileNamePattern;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.BatchDeliveryWorkflow;
import io.shareline.delivery.DeliveryStage;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunDeliveryWorkflow;
import io.shareline.delivery.RunRef;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.TemporalFailure;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the upstream engine and the CLI call: create connectors, report finished runs, read state.
 * Every failure a caller can act on is an unchecked {@link IllegalStateException} subtype with a
 * message written for people.
 */
public final class SharelineClient {

  static final Duration POLL_INTERVAL = Duration.ofMillis(500);
  private static final String RUNNING_CONNECTORS =
      "WorkflowType = 'ConnectorWorkflow' AND ExecutionStatus = 'Running'";

  private final WorkflowClient temporal;

  public SharelineClient(WorkflowClient temporal) {
    this.temporal = Objects.requireNonNull(temporal, "temporal");
  }

  /**
   * Starts the connector. Creating it again with an identical spec does nothing, so the engine may
   * retry freely.
   *
   * @throws IllegalArgumentException if the spec's staging file-name pattern is invalid (nothing is started)
   * @throws ConnectorAlreadyExists if it runs with another spec, or once ran and closed
   */
  public void createConnector(ConnectorSpec spec) {
    checkDeliverable(spec);
    ConnectorWorkflow connector = temporal.newWorkflowStub(ConnectorWorkflow.class, startOptions(spec));
    try {
      WorkflowClient.start(connector::run, new ConnectorInput(spec, null));
    } catch (WorkflowExecutionAlreadyStarted e) {
      ConnectorSpec running = runningSpec(spec.connectorId());
      if (!running.equals(spec)) {
        throw new ConnectorAlreadyExists(spec.connectorId(), "it runs with another spec: " + running);
      }
    }
  }

  /** Reports a finished run to a running connector. */
  public void runCompleted(String connectorId, RunRef run) {
    try {
      connector(connectorId).runCompleted(run);
    } catch (WorkflowNotFoundException e) {
      throw new ConnectorNotFound(connectorId);
    }
  }

  /**
   * Reports a finished run, starting the connector first if it does not run yet (for engines that
   * never call {@link #createConnector}). A running connector keeps its own spec.
   *
   * @throws IllegalArgumentException if the spec's staging file-name pattern is invalid (nothing is started)
   * @throws ConnectorClosed if the connector once ran and closed: it is never started again
   */
  public void runCompleted(ConnectorSpec spec, RunRef run) {
    checkDeliverable(spec);
    ConnectorWorkflow connector = temporal.newWorkflowStub(ConnectorWorkflow.class, startOptions(spec));
    BatchRequest request = temporal.newSignalWithStartRequest();
    request.add(connector::run, new ConnectorInput(spec, null));
    request.add(connector::runCompleted, run);
    try {
      temporal.signalWithStart(request);
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new ConnectorClosed(spec.connectorId(), "run " + run.key() + " was not queued");
    }
  }

  /** Stops deliveries; runs that finish meanwhile are recorded as skipped. */
  public ActionOutcome disable(String connectorId) {
    return act(connectorId, ConnectorWorkflow::disable);
  }

  /** Resumes deliveries; with {@code backfillMissed} also delivers the runs skipped while disabled. */
  public ActionOutcome enable(String connectorId, boolean backfillMissed) {
    return act(connectorId, connector -> connector.enable(backfillMissed));
  }

  /** Removes the recipient's access and closes the connector; {@code purge} (confirmed) deletes the data. */
  public ActionOutcome revoke(String connectorId, boolean purge, boolean confirmed) {
    return act(connectorId, connector -> connector.revoke(purge, confirmed));
  }

  /** Runs the failed stage of {@code run}'s delivery again. */
  public ActionOutcome rotateToken(String connectorId, long existingTokenExpiresInSeconds) {
    return act(connectorId, connector -> connector.rotateToken(existingTokenExpiresInSeconds));
  }

  public ActionOutcome retry(String connectorId, RunRef run) {
    return act(connectorId, connector -> connector.retry(run));
  }

  /** Gives up on {@code run}, whose delivery failed: it is recorded as skipped. */
  public ActionOutcome skip(String connectorId, RunRef run) {
    return act(connectorId, connector -> connector.skip(run));
  }

  /** Adds workflows to the connector's scope (their history backfilled first) and removes others. */
  public ActionOutcome changeScope(String connectorId, List<String> add, List<String> remove) {
    return changeScope(connectorId, add, remove, false);
  }

  /** As {@link #changeScope(String, List, List)}; with {@code newRunsOnly} the added workflows' history is not delivered. */
  public ActionOutcome changeScope(String connectorId, List<String> add, List<String> remove, boolean newRunsOnly) {
    return act(connectorId, connector -> connector.changeScope(add, remove, newRunsOnly));
  }

  /** A rejected update carries its validator's reason; the connector's state did not change. */
  private ActionOutcome act(String connectorId, Function<ConnectorWorkflow, ActionResult> action) {
    try {
      return ActionOutcome.accepted(action.apply(connector(connectorId)));
    } catch (WorkflowUpdateException e) {
      Throwable cause = e.getCause();
      return ActionOutcome.rejected(
          cause instanceof TemporalFailure failure ? failure.getOriginalMessage() : String.valueOf(cause));
    } catch (WorkflowNotFoundException e) {
      throw new ConnectorNotFound(connectorId);
    }
  }

  /** The connector's full state, from its {@code state} query. */
  public ConnectorState status(String connectorId) {
    try {
      return connector(connectorId).state();
    } catch (WorkflowNotFoundException e) {
      throw new ConnectorNotFound(connectorId);
    }
  }

  /**
   * What the delivery of {@code run} is doing, or empty if that delivery never started. A run delivered on its
   * own (live, or alone after its backfill batch gave up) answers from its {@link RunDeliveryWorkflow}; a run
   * of the backfill's current page delivered in a batch, from that {@link BatchDeliveryWorkflow}; a run of an
   * earlier page, from the connector's record of its recent runs.
   */
  public Optional<DeliveryState> deliveryStatus(String connectorId, RunRef run) {
    return runDelivery(connectorId, run)
        .or(() -> batchDelivery(connectorId, run))
        .or(() -> recordedDelivery(connectorId, run));
  }

  /**
   * The backfill's deliveries in flight, one per source workflow: a batch shows as the run it is on (the one it
   * delivers alone after giving up, e.g. parked in FAILED). Empty without a backfill.
   */
  public List<DeliveryState> backfillDeliveries(String connectorId) {
    try {
      BackfillWorkflow backfill = backfill(connectorId);
      return backfill.inFlight().stream()
          .map(run -> Optional.ofNullable(backfill.batchOf(run))
              .map(batchId -> batch(batchId).state().current())
              .orElse(run))
          .flatMap(run -> deliveryStatus(connectorId, run).stream())
          .toList();
    } catch (WorkflowNotFoundException e) {
      return List.of();
    }
  }

  private Optional<DeliveryState> runDelivery(String connectorId, RunRef run) {
    String workflowId = TaskQueues.deliveryWorkflowId(connectorId, run.workflowId(), run.jobId());
    try {
      return Optional.of(temporal.newWorkflowStub(RunDeliveryWorkflow.class, workflowId).state());
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The backfill knows which batch of its current page holds the run: no visibility scan needed. */
  private Optional<DeliveryState> batchDelivery(String connectorId, RunRef run) {
    try {
      return Optional.ofNullable(backfill(connectorId).batchOf(run))
          .map(batchId -> batch(batchId).state().stateOf(run));
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * A run the connector counts as delivered whose delivery workflow is no longer known (an earlier page's batch),
   * if it is among the connector's recent runs (older ones are in the ledger and the workflow_runs table).
   */
  private Optional<DeliveryState> recordedDelivery(String connectorId, RunRef run) {
    try {
      ConnectorState state = connector(connectorId).state();
      boolean delivered = state.finished().outcomeOf(run).orElse(null) == FinishedRuns.Outcome.DELIVERED;
      return delivered
          ? Optional.of(new DeliveryState(run, DeliveryState.Status.DELIVERED, DeliveryStage.VERIFY, 0, null))
          : Optional.empty();
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Running connectors, from Temporal's visibility store.
   *
   * @throws UnsupportedOperationException if the server keeps no visibility (the embedded server)
   */
  public List<ConnectorSummary> runningConnectors() {
    try (Stream<WorkflowExecutionMetadata> executions = temporal.listExecutions(RUNNING_CONNECTORS)) {
      return executions
          .map(
              execution ->
                  new ConnectorSummary(
                      execution.getTypedSearchAttributes().get(SearchAttributes.CONNECTOR_ID),
                      execution.getTypedSearchAttributes().get(SearchAttributes.CONNECTOR_STATE)))
          .toList();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw e;
      }
      throw new UnsupportedOperationException(
          "this Temporal server cannot list workflows (the embedded server keeps no visibility)");
    }
  }

  /**
   * Polls the connector until it reaches {@code wanted}.
   *
   * @throws ConnectorClosed as soon as the connector workflow closes without reaching it
   * @throws ConnectorWaitTimedOut when {@code timeout} passes first
   */
  public ConnectorState awaitStatus(String connectorId, ConnectorStatus wanted, Duration timeout) {
    return await(connectorId, state -> state.status() == wanted, wanted.name(), timeout);
  }

  /** Polls until the connector is ACTIVE with nothing pending and no run in delivery. */
  public ConnectorState awaitIdle(String connectorId, Duration timeout) {
    return await(
        connectorId,
        state -> state.status() == ConnectorStatus.ACTIVE && state.isIdle(),
        "ACTIVE and idle",
        timeout);
  }

  private ConnectorState await(
      String connectorId, Predicate<ConnectorState> reached, String wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ConnectorState state = status(connectorId);
      if (reached.test(state)) {
        return state;
      }
      Optional<String> closed = closeReason(connectorId);
      if (closed.isPresent()) {
        throw new ConnectorClosed(
            connectorId, closed.get() + " (last status " + state.status() + ", waited for " + wanted + ")");
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new ConnectorWaitTimedOut(connectorId, wanted, state);
      }
      sleep(Math.min(left, POLL_INTERVAL.toNanos()));
    }
  }

  private ConnectorWorkflow connector(String connectorId) {
    return temporal.newWorkflowStub(ConnectorWorkflow.class, TaskQueues.connectorWorkflowId(connectorId));
  }

  private BackfillWorkflow backfill(String connectorId) {
    return temporal.newWorkflowStub(BackfillWorkflow.class, TaskQueues.backfillWorkflowId(connectorId));
  }

  private BatchDeliveryWorkflow batch(String batchWorkflowId) {
    return temporal.newWorkflowStub(BatchDeliveryWorkflow.class, batchWorkflowId);
  }

  /** Refuses at once what would otherwise fail every delivery at STAGE. */
  private static void checkDeliverable(ConnectorSpec spec) {
    StagingFileNamePattern.parse(spec.delivery().stagingFileName());
  }

  private static WorkflowOptions startOptions(ConnectorSpec spec) {
    String id = spec.connectorId();
    return WorkflowOptions.newBuilder()
        .setWorkflowId(TaskQueues.connectorWorkflowId(id))
        .setTaskQueue(TaskQueues.DELIVERY)
        // A closed connector (revoked, failed) keeps its id: creating it again must not resurrect it.
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setStaticSummary("Connector " + id + ": " + spec.provider() + " share of " + spec.sourceUri())
        .setTypedSearchAttributes(
            io.temporal.common.SearchAttributes.newBuilder().set(SearchAttributes.CONNECTOR_ID, id).build())
        .build();
  }

  /**
   * The spec the current run was started with, read from its first history event rather than the
   * query, so a create is answered even while no worker is up.
   */
  private ConnectorSpec runningSpec(String connectorId) {
    WorkflowExecutionDescription description = describe(connectorId);
    if (description.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      throw new ConnectorAlreadyExists(
          connectorId, "it closed (" + statusName(description) + ") and a closed connector is never re-created");
    }
    WorkflowExecution execution = description.getExecution();
    Payloads input =
        temporal
            .getWorkflowServiceStubs()
            .blockingStub()
            .getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder()
                    .setNamespace(temporal.getOptions().getNamespace())
                    .setExecution(execution)
                    .setMaximumPageSize(1)
                    .build())
            .getHistory()
            .getEvents(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getInput();
    return temporal
        .getOptions()
        .getDataConverter()
        .fromPayloads(0, Optional.of(input), ConnectorInput.class, ConnectorInput.class)
        .spec();
  }

  /** Why the connector workflow closed, or empty while it runs. */
  private Optional<String> closeReason(String connectorId) {
    WorkflowExecutionDescription description = describe(connectorId);
    if (description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return Optional.empty();
    }
    String reason = statusName(description);
    try {
      temporal
          .newUntypedWorkflowStub(TaskQueues.connectorWorkflowId(connectorId))
          .getResult(1, TimeUnit.SECONDS, Void.class);
    } catch (WorkflowFailedException e) {
      Throwable cause = e.getCause();
      String message = cause instanceof TemporalFailure failure ? failure.getOriginalMessage() : String.valueOf(cause);
      reason += ": " + message;
    } catch (TimeoutException | WorkflowServiceException e) {
      // The status alone still says enough.
    }
    return Optional.of(reason);
  }

  private WorkflowExecutionDescription describe(String connectorId) {
    try {
      return temporal.newUntypedWorkflowStub(TaskQueues.connectorWorkflowId(connectorId)).describe();
    } catch (WorkflowNotFoundException e) {
      throw new ConnectorNotFound(connectorId);
    }
  }

  private static String statusName(WorkflowExecutionDescription description) {
    return description.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }

  private static void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a connector", e);
    }
  }
}
