package io.shareline.worker.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TemporalConnectionTest {

  private static EmbeddedTemporal temporal;

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
  static void startServer() {
    temporal = EmbeddedTemporal.start(0);
  }

  @AfterAll
  static void stopServer() {
    temporal.close();
  }

  @Test
  void clientStartsAndCompletesAWorkflowOnTheEmbeddedServer() {
    try (TemporalConnection connection = TemporalConnection.open(temporal.target(), "default")) {
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
  void searchAttributeRegistrationWorksThroughWorkflowServiceStubs() {
    try (TemporalConnection connection = TemporalConnection.open(temporal.target(), "default")) {
      assertEquals(
          List.of(),
          SearchAttributeRegistration.register(connection.serviceStubs(), connection.namespace()));
    }
  }

  @Test
  void connectingToAnUnusedPortFailsFastWithAClearMessage() throws IOException {
    int unused;
    try (ServerSocket probe = new ServerSocket(0)) {
      unused = probe.getLocalPort();
    }
    String target = "127.0.0.1:" + unused;
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
            Map.of("TEMPORAL_ADDRESS", temporal.target(), "TEMPORAL_NAMESPACE", "default"))) {
      assertEquals(temporal.target(), connection.target());
      assertEquals("default", connection.namespace());
    }
  }
}
