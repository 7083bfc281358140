package io.shareline.worker.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the Prometheus scrape of the worker's registry (Temporal SDK worker metrics and
 * Shareline's own). {@code GET /health}: 200 when the Temporal frontend answers its gRPC health check,
 * 503 otherwise — a readiness signal; the process itself is alive whenever this answers at all.
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
  private static final long HEALTH_DEADLINE_MS = 2_000;

  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  public static MetricsServer start(String host, int port, PrometheusMeterRegistry registry,
      WorkflowServiceStubs stubs) {
    HttpServer server = Endpoints.listen(host, port, "metrics");
    server.createContext("/metrics", exchange -> {
      try (exchange) {
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
      }
    });
    server.createContext("/health", exchange -> {
      try (exchange) {
        String temporal = temporalHealth(stubs);
        boolean up = temporal.equals("SERVING");
        send(exchange, up ? 200 : 503, "application/json",
            "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"temporal\":\"" + temporal.replace("\"", "'") + "\"}");
      }
    });
    server.start();
    MetricsServer metrics = new MetricsServer(server);
    log.info("metrics on http://{}:{}/metrics, health on /health", host, metrics.port());
    return metrics;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The frontend's own gRPC health answer, or why there is none. */
  static String temporalHealth(WorkflowServiceStubs stubs) {
    try {
      HealthCheckResponse response = HealthGrpc.newBlockingStub(stubs.getRawChannel())
          .withDeadlineAfter(HEALTH_DEADLINE_MS, TimeUnit.MILLISECONDS)
          .check(HealthCheckRequest.newBuilder().setService(WorkflowServiceStubs.HEALTH_CHECK_SERVICE_NAME).build());
      return response.getStatus().name();
    } catch (StatusRuntimeException e) {
      return "unreachable: " + e.getStatus().getCode();
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
