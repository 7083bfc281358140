package io.shareline.worker.runtime;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A checked connection to a Temporal frontend: service stubs plus a client for one namespace. */
public final class TemporalConnection implements AutoCloseable {

  public static final String ADDRESS_ENV = "TEMPORAL_ADDRESS";
  public static final String NAMESPACE_ENV = "TEMPORAL_NAMESPACE";
  public static final String DEFAULT_ADDRESS = EmbeddedTemporal.HOST + ":7233";
  public static final String DEFAULT_NAMESPACE = EmbeddedTemporal.NAMESPACE;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final String target;
  private final String namespace;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;

  private TemporalConnection(String target, String namespace, WorkflowServiceStubs stubs) {
    this.target = target;
    this.namespace = namespace;
    this.stubs = stubs;
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
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
            WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
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
