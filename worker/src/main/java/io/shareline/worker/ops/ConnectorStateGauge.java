package io.shareline.worker.ops;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shareline.common.SearchAttributes;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ConnectorStatus;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code shareline_connectors{state}}: how many connectors are in each state, read from the
 * {@code ConnectorState} search attribute the connector workflow keeps current. A cluster with advanced
 * visibility answers one {@code CountWorkflowExecutions ... GROUP BY ConnectorState} (the same figure on
 * every replica: use {@code max} across workers); a server without it (the embedded one) is asked about each
 * connector this worker has run an activity for.
 */
public final class ConnectorStateGauge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConnectorStateGauge.class);
  private static final String QUERY = "WorkflowType = 'ConnectorWorkflow' AND ExecutionStatus = 'Running'"
      + " GROUP BY ConnectorState";

  private final WorkflowClient client;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Map<ConnectorStatus, AtomicLong> counts = new EnumMap<>(ConnectorStatus.class);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "shareline-connector-states");
    thread.setDaemon(true);
    return thread;
  });
  private volatile boolean countSupported = true;

  public ConnectorStateGauge(WorkflowClient client, MeterRegistry registry, long everySeconds) {
    this.client = client;
    for (ConnectorStatus status : ConnectorStatus.values()) {
      AtomicLong count = new AtomicLong();
      counts.put(status, count);
      Gauge.builder("shareline.connectors", count, AtomicLong::get)
          .description("Connectors by state (ConnectorState search attribute)")
          .tag("state", status.name())
          .register(registry);
    }
    timer.scheduleWithFixedDelay(this::refreshQuietly, 0, everySeconds, TimeUnit.SECONDS);
  }

  /** A connector this worker ran an activity for. */
  public void seen(String connectorId) {
    seen.add(connectorId);
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      log.debug("connector states not refreshed: {}", e.toString());
    }
  }

  void refresh() {
    Map<ConnectorStatus, Long> fresh = countSupported ? countAll() : null;
    if (fresh == null) {
      fresh = describeSeen();
    }
    for (ConnectorStatus status : ConnectorStatus.values()) {
      counts.get(status).set(fresh.getOrDefault(status, 0L));
    }
  }

  private Map<ConnectorStatus, Long> countAll() {
    try {
      CountWorkflowExecutionsResponse response = client.getWorkflowServiceStubs().blockingStub()
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .countWorkflowExecutions(CountWorkflowExecutionsRequest.newBuilder()
              .setNamespace(client.getOptions().getNamespace()).setQuery(QUERY).build());
      Map<ConnectorStatus, Long> fresh = new EnumMap<>(ConnectorStatus.class);
      for (CountWorkflowExecutionsResponse.AggregationGroup group : response.getGroupsList()) {
        if (group.getGroupValuesCount() == 1) {
          status(group.getGroupValues(0)).ifPresent(s -> fresh.merge(s, group.getCount(), Long::sum));
        }
      }
      return fresh;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED
          || e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
        countSupported = false;
        return null;
      }
      throw e;
    }
  }

  private Map<ConnectorStatus, Long> describeSeen() {
    Map<ConnectorStatus, Long> fresh = new EnumMap<>(ConnectorStatus.class);
    for (String connectorId : seen) {
      DescribeWorkflowExecutionResponse description = client.getWorkflowServiceStubs().blockingStub()
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace(client.getOptions().getNamespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(TaskQueues.connectorWorkflowId(connectorId)))
              .build());
      if (description.getWorkflowExecutionInfo().getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        continue;
      }
      Payload state = description.getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap()
          .get(SearchAttributes.CONNECTOR_STATE.getName());
      if (state != null) {
        status(state).ifPresent(s -> fresh.merge(s, 1L, Long::sum));
      }
    }
    return fresh;
  }

  /** Search attribute values are plain JSON payloads, never encrypted. */
  private static Optional<ConnectorStatus> status(Payload value) {
    try {
      String name = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(value, String.class, String.class);
      return Optional.of(ConnectorStatus.valueOf(name));
    } catch (RuntimeException unknown) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
