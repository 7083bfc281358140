package io.shareline.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowOptions;
import io.temporal.testserver.TestServer;
import io.temporal.testserver.TestServer.PortBoundTestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TemporalConnectionTest {

  private static PortBoundTestServer server;
  private static int port;

  @WorkflowInterface
  public interface GreetingWorkflow {
    @WorkflowMethod
    String greet(String name);
  }

  public static class GreetingWorkflowImpl implements GreetingWorkflow {
    @Override
    public String greet(String name) {
      return "hello " + name;
    }
  }

  @BeforeAll
  static void startServer() throws IOException {
    port = unusedPort();
    server = TestServer.createPortBoundServer(port, false);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static String target() {
    return "127.0.0.1:" + port;
  }

  @Test
  void clientStartsAndCompletesAWorkflowOnAPortBoundServer() {
    try (TemporalConnection connection = TemporalConnection.open(target(), "default")) {
      WorkerFactory factory = WorkerFactory.newInstance(connection.client());
      Worker worker = factory.newWorker("connection-test");
      worker.registerWorkflowImplementationTypes(GreetingWorkflowImpl.class);
      factory.start();
      try {
        GreetingWorkflow workflow =
            connection
                .client()
                .newWorkflowStub(
                    GreetingWorkflow.class,
                    WorkflowOptions.newBuilder()
                        .setTaskQueue("connection-test")
                        .setWorkflowId("greeting-1")
                        .setWorkflowExecutionTimeout(Duration.ofSeconds(30))
                        .build());

        assertEquals("hello shareline", workflow.greet("shareline"));
      } finally {
        factory.shutdownNow();
      }
    }
  }

  @Test
  void closingABorrowedConnectionLeavesTheOwnersClientOpen() {
    try (TemporalConnection owner = TemporalConnection.open(target(), "default")) {
      TemporalConnection.borrowing(owner.client()).close();

      assertFalse(owner.serviceStubs().isShutdown());
    }
  }

  @Test
  void connectingToAnUnusedPortFailsFastWithAClearMessage() throws IOException {
    String target = "127.0.0.1:" + unusedPort();
    long started = System.nanoTime();

    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> TemporalConnection.open(target, "default"));

    assertTrue(
        failure.getMessage().startsWith("cannot reach Temporal at " + target + ": "),
        failure.getMessage());
    assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0);
  }

  @Test
  void environmentChoosesAddressAndNamespace() {
    try (TemporalConnection connection =
        TemporalConnection.fromEnvironment(
            Map.of("TEMPORAL_ADDRESS", target(), "TEMPORAL_NAMESPACE", "default"))) {
      assertEquals(target(), connection.target());
      assertEquals("default", connection.namespace());
    }
  }

  private static int unusedPort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
