package io.shareline.worker.runtime;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The SDK's in-process Temporal server, bound to 127.0.0.1 only (TestServer.createPortBoundServer
 * binds every interface), running in real time, with Shareline's search attributes registered.
 */
public final class EmbeddedTemporal implements AutoCloseable {

  public static final String HOST = "127.0.0.1";
  public static final String NAMESPACE = "default";

  private static final java.util.concurrent.atomic.AtomicInteger RUNNING = new java.util.concurrent.atomic.AtomicInteger();

  private final TestServicesStarter services;
  private final Server server;

  private EmbeddedTemporal(TestServicesStarter services, Server server) {
    this.services = services;
    this.server = server;
  }

  /**
   * Starts the server on {@code port} of 127.0.0.1 (0 picks a free port).
   *
   * @throws IllegalStateException if the port is in use or cannot be bound, with a one-line reason
   */
  public static EmbeddedTemporal start(int port) {
    // lockTimeSkipping=true: timers follow the wall clock, as they would on a real cluster.
    TestServicesStarter services = new TestServicesStarter(true, 0);
    ServerBuilder<?> builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(HOST, port), InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server;
    try {
      server = builder.build().start();
    } catch (IOException e) {
      services.close();
      // Netty's native transport reports EADDRINUSE as its own IOException, not a BindException.
      String reason = rootMessage(e);
      if (reason.toLowerCase(Locale.ROOT).contains("in use")) {
        throw new IllegalStateException("port " + port + " on " + HOST + " is in use: " + reason);
      }
      throw new IllegalStateException("cannot listen on " + HOST + ":" + port + ": " + reason);
    }
    EmbeddedTemporal temporal = new EmbeddedTemporal(services, server);
    RUNNING.incrementAndGet();
    try {
      temporal.registerSearchAttributes();
    } catch (RuntimeException e) {
      temporal.close();
      throw e;
    }
    return temporal;
  }

  public int port() {
    return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  /** The gRPC target clients use, e.g. {@code 127.0.0.1:7233}. */
  public String target() {
    return HOST + ":" + port();
  }

  /** Whether an embedded server runs in this JVM (then no worker of it can die while the server lives). */
  public static boolean runningInThisProcess() {
    return RUNNING.get() > 0;
  }

  /** Blocks until {@link #close()} is called from another thread (e.g. a shutdown hook). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      services.close();
      RUNNING.decrementAndGet();
    }
  }

  private void registerSearchAttributes() {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(target())
                .validateAndBuildWithDefaults());
    try {
      SearchAttributeRegistration.register(operator, NAMESPACE);
    } finally {
      operator.shutdownNow();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
