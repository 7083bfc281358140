package io.shareline.worker.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shareline.client.TemporalConnection;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedTemporalTest {

  private static EmbeddedTemporal temporal;
  private static OperatorServiceStubs operator;

  @BeforeAll
  static void startServer() {
    temporal = EmbeddedTemporal.start(0);
    operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(temporal.target())
                .validateAndBuildWithDefaults());
  }

  @AfterAll
  static void stopServer() {
    operator.shutdownNow();
    temporal.close();
  }

  @Test
  void listensOnLoopbackAndRefusesConnectionsOnOtherInterfaces() throws IOException {
    assertEquals("127.0.0.1:" + temporal.port(), temporal.target());
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", temporal.port()), 2000);
      assertTrue(socket.isConnected());
    }

    Optional<InetAddress> external = nonLoopbackAddress();
    assumeTrue(external.isPresent(), "no non-loopback IPv4 address on this machine");
    try (Socket socket = new Socket()) {
      assertThrows(
          ConnectException.class,
          () -> socket.connect(new InetSocketAddress(external.get(), temporal.port()), 2000));
    }
  }

  // The in-process server does not implement ListSearchAttributes (UNIMPLEMENTED), so registration
  // is observed the way workflows use it: a start carrying every attribute is accepted and kept.
  @Test
  void workflowsCanCarryEverySharelineSearchAttribute() {
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder();
    SearchAttributeRegistration.ATTRIBUTES
        .keySet()
        .forEach(name -> attributes.set(SearchAttributeKey.forKeyword(name), "value-of-" + name));
    try (TemporalConnection connection = TemporalConnection.open(temporal.target(), "default")) {
      WorkflowStub stub =
          connection
              .client()
              .newUntypedWorkflowStub(
                  "NoWorkerNeeded",
                  WorkflowOptions.newBuilder()
                      .setTaskQueue("search-attributes-test")
                      .setWorkflowId("search-attributes-test")
                      .setTypedSearchAttributes(attributes.build())
                      .build());
      stub.start();
      try {
        SearchAttributes stored = stub.describe().getTypedSearchAttributes();
        SearchAttributeRegistration.ATTRIBUTES
            .keySet()
            .forEach(
                name ->
                    assertEquals(
                        "value-of-" + name, stored.get(SearchAttributeKey.forKeyword(name))));
      } finally {
        stub.terminate("test done");
      }
    }
  }

  @Test
  void unregisteredSearchAttributesAreRejected() {
    try (TemporalConnection connection = TemporalConnection.open(temporal.target(), "default")) {
      WorkflowStub stub =
          connection
              .client()
              .newUntypedWorkflowStub(
                  "NoWorkerNeeded",
                  WorkflowOptions.newBuilder()
                      .setTaskQueue("search-attributes-test")
                      .setWorkflowId("unregistered-attribute-test")
                      .setTypedSearchAttributes(
                          SearchAttributes.newBuilder()
                              .set(SearchAttributeKey.forKeyword("NotRegistered"), "x")
                              .build())
                      .build());

      assertThrows(RuntimeException.class, stub::start);
    }
  }

  @Test
  void registrationWorksThroughWorkflowServiceStubs() {
    try (TemporalConnection connection = TemporalConnection.open(temporal.target(), "default")) {
      assertEquals(
          List.of(),
          SearchAttributeRegistration.register(connection.serviceStubs(), connection.namespace()));
    }
  }

  @Test
  void registeringAgainAddsNothing() {
    assertEquals(
        List.of(), SearchAttributeRegistration.register(operator, EmbeddedTemporal.NAMESPACE));
  }

  @Test
  void startingOnATakenPortFailsWithAClearMessage() {
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> EmbeddedTemporal.start(temporal.port()));

    assertTrue(
        failure.getMessage().startsWith("port " + temporal.port() + " on 127.0.0.1 is in use: "),
        failure.getMessage());
  }

  @Test
  void portZeroPicksAFreePort() {
    try (EmbeddedTemporal second = EmbeddedTemporal.start(0)) {
      assertTrue(second.port() > 0);
      assertTrue(second.port() != temporal.port());
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }
}
