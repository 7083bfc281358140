package io.shareline.client;

import com.uber.m3.tally.Scope;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
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
    return open(TemporalTarget.plain(
        nonBlank(env.get(ADDRESS_ENV), DEFAULT_ADDRESS),
        nonBlank(env.get(NAMESPACE_ENV), DEFAULT_NAMESPACE)), null, DEFAULT_CONNECT_TIMEOUT);
  }

  public static TemporalConnection open(String target, String namespace) {
    return open(TemporalTarget.plain(target, namespace), null, DEFAULT_CONNECT_TIMEOUT);
  }

  public static TemporalConnection open(String target, String namespace, Duration timeout) {
    return open(TemporalTarget.plain(target, namespace), null, timeout);
  }

  /** {@link #open(TemporalTarget, DataConverter, Duration)} with the default timeout. */
  public static TemporalConnection open(TemporalTarget target, DataConverter converter) {
    return open(target, converter, DEFAULT_CONNECT_TIMEOUT);
  }

  /**
   * Opens stubs to the target, checks the server answers within {@code timeout} and that the
   * namespace exists there.
   *
   * @param converter the data converter of the client (e.g. with the payload codec), null for the SDK default
   * @throws IllegalStateException with a one-line reason: "cannot reach Temporal at X: ...",
   *     "namespace N does not exist on Temporal at X", refused credentials, unreadable TLS files
   */
  public static TemporalConnection open(TemporalTarget target, DataConverter converter, Duration timeout) {
    return open(target, converter, null, timeout);
  }

  /**
   * As {@link #open(TemporalTarget, DataConverter, Duration)}, reporting the SDK's client and worker
   * metrics to {@code metricsScope} (null for none).
   */
  public static TemporalConnection open(TemporalTarget target, DataConverter converter, Scope metricsScope,
      Duration timeout) {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder()
        .setTarget(target.address())
        // A query waits for a worker; without one, fail instead of hanging the CLI.
        .setQueryRpcTimeout(QUERY_TIMEOUT);
    if (target.tls() != null) {
      options.setSslContext(TlsContexts.client(target.tls()));
      if (target.tls().serverName() != null) {
        String authority = target.tls().serverName();
        options.setChannelInitializer(channel -> channel.overrideAuthority(authority));
      }
    }
    if (metricsScope != null) {
      options.setMetricsScope(metricsScope);
    }
    if (target.apiKey() != null) {
      String apiKey = target.apiKey();
      options.addApiKey(() -> apiKey);
    }
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(options.build());
    try {
      check(stubs, target, timeout);
    } catch (IllegalStateException e) {
      stubs.shutdownNow();
      throw e;
    }
    WorkflowClientOptions.Builder client = WorkflowClientOptions.newBuilder().setNamespace(target.namespace());
    if (converter != null) {
      client.setDataConverter(converter);
    }
    return new TemporalConnection(target.address(), target.namespace(),
        WorkflowClient.newInstance(stubs, client.build()), true);
  }

  private static void check(WorkflowServiceStubs stubs, TemporalTarget target, Duration timeout) {
    try {
      stubs.blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      throw new IllegalStateException("cannot reach Temporal at " + target.address() + ": " + describe(e));
    }
    try {
      stubs.blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(target.namespace()).build());
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.NOT_FOUND) {
        throw new IllegalStateException("namespace " + target.namespace() + " does not exist on Temporal at "
            + target.address() + " (create it, or set --namespace / " + NAMESPACE_ENV + ")");
      }
      if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
        throw new IllegalStateException("Temporal at " + target.address() + " refused access to namespace "
            + target.namespace() + " (check the client certificate or API key): " + describe(e));
      }
      throw new IllegalStateException("cannot check namespace " + target.namespace() + " on Temporal at "
          + target.address() + ": " + describe(e));
    }
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
    // Netty's TLS failures append the channel pipeline and a hex dump: one short line is enough.
    String line = text.toString().lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  private static String nonBlank(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.trim();
  }
}
