package io.shareline.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connecting with mutual TLS, an API key, and the start-up errors an operator can act on. */
class TemporalTlsConnectionTest {

  @TempDir static Path dir;
  private static SelfSignedCertificate serverCert;
  private static SelfSignedCertificate clientCert;
  private static TestServicesStarter services;
  private static Server tlsServer;

  @BeforeAll
  static void startMutualTlsServer() throws Exception {
    serverCert = SelfSignedCertificate.create(dir, "server");
    clientCert = SelfSignedCertificate.create(dir, "client");
    services = new TestServicesStarter(true, 0);
    ServerBuilder<?> builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
        TlsServerCredentials.newBuilder()
            .keyManager(serverCert.cert().toFile(), serverCert.key().toFile())
            .trustManager(clientCert.cert().toFile())
            .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
            .build());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    tlsServer = builder.build().start();
  }

  @AfterAll
  static void stop() {
    tlsServer.shutdownNow();
    services.close();
  }

  private static String tlsAddress() {
    return "127.0.0.1:" + tlsServer.getPort();
  }

  @Test
  void mutualTlsWithCertificateKeyAndCaConnects() {
    TemporalTarget target = new TemporalTarget(tlsAddress(), "default",
        new TemporalTarget.Tls(clientCert.cert(), clientCert.key(), serverCert.cert(), null), null);

    try (TemporalConnection connection = TemporalConnection.open(target, null)) {
      assertEquals("default", connection.namespace());
      assertFalse(connection.serviceStubs().isShutdown());
    }
  }

  @Test
  void withoutAClientCertificateTheServerCannotBeReachedAndTheAddressIsNamed() {
    TemporalTarget target = new TemporalTarget(tlsAddress(), "default",
        new TemporalTarget.Tls(null, null, serverCert.cert(), null), null);

    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> TemporalConnection.open(target, null));

    assertTrue(failure.getMessage().startsWith("cannot reach Temporal at " + tlsAddress()), failure.getMessage());
    assertFalse(failure.getMessage().contains("\n\tat "), failure.getMessage());
  }

  @Test
  void aMissingCertificateFileIsNamed() {
    Path missing = dir.resolve("nowhere.pem");
    TemporalTarget target = new TemporalTarget(tlsAddress(), "default",
        new TemporalTarget.Tls(missing, clientCert.key(), null, null), null);

    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> TemporalConnection.open(target, null));

    assertTrue(failure.getMessage().contains(missing.toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains("does not exist"), failure.getMessage());
  }

  @Test
  void aKeyFileThatIsNotPemIsNamedWithoutItsContent() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.key"), "secret-material-not-pem");
    TemporalTarget target = new TemporalTarget(tlsAddress(), "default",
        new TemporalTarget.Tls(clientCert.cert(), garbage, null, null), null);

    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> TemporalConnection.open(target, null));

    assertTrue(failure.getMessage().contains(garbage.toString()), failure.getMessage());
    assertFalse(failure.getMessage().contains("secret-material"), failure.getMessage());
  }

  @Test
  void aMissingNamespaceIsNamed() throws Exception {
    Server frontend = FakeFrontend.start(new AtomicReference<>(), InsecureServerCredentials.create());
    try {
      String address = "127.0.0.1:" + frontend.getPort();

      IllegalStateException failure = assertThrows(IllegalStateException.class,
          () -> TemporalConnection.open(TemporalTarget.plain(address, "acme-prod"), null));

      assertEquals("namespace acme-prod does not exist on Temporal at " + address
          + " (create it, or set --namespace / TEMPORAL_NAMESPACE)", failure.getMessage());
    } finally {
      frontend.shutdownNow();
    }
  }

  @Test
  void anApiKeyIsSentAsABearerToken() throws Exception {
    AtomicReference<String> authorization = new AtomicReference<>();
    Server frontend = FakeFrontend.start(authorization, TlsServerCredentials.create(
        serverCert.cert().toFile(), serverCert.key().toFile()));
    try {
      String address = "127.0.0.1:" + frontend.getPort();
      TemporalTarget.Tls trustServer = new TemporalTarget.Tls(null, null, serverCert.cert(), null);

      TemporalConnection.open(new TemporalTarget(address, "default", trustServer, "key-123"), null).close();

      assertEquals("Bearer key-123", authorization.get());
    } finally {
      frontend.shutdownNow();
    }
  }

  /**
   * The SDK's test server accepts every namespace, so the missing-namespace answer of a real frontend
   * (NOT_FOUND on DescribeNamespace) comes from this small loopback one; it also records the
   * authorization header it was sent.
   */
  private static final class FakeFrontend extends WorkflowServiceGrpc.WorkflowServiceImplBase {
    static Server start(AtomicReference<String> authorization, ServerCredentials credentials) throws Exception {
      Metadata.Key<String> header = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
      ServerInterceptor recorder = new ServerInterceptor() {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
          if (headers.get(header) != null) {
            authorization.set(headers.get(header));
          }
          return next.startCall(call, headers);
        }
      };
      return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), credentials)
          .addService(ServerInterceptors.intercept(new FakeFrontend(), recorder))
          .build().start();
    }

    @Override
    public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
      response.onNext(GetSystemInfoResponse.getDefaultInstance());
      response.onCompleted();
    }

    @Override
    public void describeNamespace(DescribeNamespaceRequest request,
        StreamObserver<DescribeNamespaceResponse> response) {
      if (request.getNamespace().equals("default")) {
        response.onNext(DescribeNamespaceResponse.getDefaultInstance());
        response.onCompleted();
      } else {
        response.onError(Status.NOT_FOUND.withDescription("Namespace name \"" + request.getNamespace()
            + "\" not found.").asRuntimeException());
      }
    }
  }
}
