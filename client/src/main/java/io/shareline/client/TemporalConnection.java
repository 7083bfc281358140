package io.shareline.client;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A checked connection to a Temporal frontend: service stubs plus a client for one namespace. Lives
 * in the client module so the CLI and the engine reach Temporal the same way the worker does.
 */
public final class TemporalConnection implements AutoCloseable {

  public static final String ADDRESS_ENV = "TEMPORAL_ADDRESS";
  public static final String NAMESPACE_ENV = "TEMPORAL_NAMESPACE";
  /** Where the embedded server ({@code shareline server}) listens. */
  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  public static final String DEFAULT_NAMESPACE = "default";
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

  private final String target;
  private final String namespace;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final boolean owned;

  private TemporalConnection(
      String target, String namespace, WorkflowClient client, boolean owned) {
    this.target = target;
    this.namespace = namespace;
    this.stubs = client.getWorkflowServiceStubs();
    this.client = client;
    this.owned = owned;
  }

  private TemporalConnection(String target, String namespace, WorkflowServiceStubs stubs) {
    this(
        target,
        namespace,
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build()),
        true);
  }

  /**
   * Wraps a client someone else owns (an in-process test server, an engine's shared client):
   * closing the connection leaves that client open.
   */
  public static TemporalConnection borrowing(WorkflowClient client) {
    return new TemporalConnection("in-process", client.getOptions().getNamespace(), client, false);
  }

  /** Connects to {@code TEMPORAL_ADDRESS} / {@code TEMPORAL_NAMESPACE}, or the local defaults. */
  public static TemporalConnection fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  static TemporalConnection fromEnvironment(Map<String, String> env) {
    return open(
        nonBlank(env.get(ADDRESS_ENV), DEFAULT_ADDRESS),
        nonBlank(env.get(NAMESPACE_ENV), DEFAULT_NAMESPACE),
        DEFAULT_CONNECT_TIMEOUT);
  }

  public static TemporalConnection open(String target, String namespace) {
    return open(target, namespace, DEFAULT_CONNECT_TIMEOUT);
  }

  /**
   * Opens stubs to {@code target} and checks the server answers within {@code timeout}.
   *
   * @throws IllegalStateException "cannot reach Temporal at X: ..." if it does not
   */
  public static TemporalConnection open(String target, String namespace, Duration timeout) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target)
                // A query waits for a worker; without one, fail instead of hanging the CLI.
                .setQueryRpcTimeout(QUERY_TIMEOUT)
                .build());
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      stubs.shutdownNow();
      throw new IllegalStateException("cannot reach Temporal at " + target + ": " + describe(e));
    }
    return new TemporalConnection(target, namespace, stubs);
  }

  public String target() {
    return target;
  }

  public String namespace() {
    return namespace;
  }

  public WorkflowServiceStubs serviceStubs() {
    return stubs;
  }

  public WorkflowClient client() {
    return client;
  }

  @Override
  public void close() {
    if (!owned) {
      return;
    }
    stubs.shutdown();
    if (!stubs.awaitTermination(5, TimeUnit.SECONDS)) {
      stubs.shutdownNow();
    }
  }

  private static String describe(StatusRuntimeException e) {
    StringBuilder text = new StringBuilder(e.getStatus().getCode().toString());
    if (e.getStatus().getDescription() != null) {
      text.append(": ").append(e.getStatus().getDescription());
    }
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null) {
      text.append(" (").append(cause.getMessage()).append(')');
    }
    return text.toString();
  }

  private static String nonBlank(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
