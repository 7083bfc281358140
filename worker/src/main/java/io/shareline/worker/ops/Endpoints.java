package io.shareline.worker.ops;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/** The JDK HTTP server the worker's small endpoints run on: two daemon threads, a one-line bind error. */
final class Endpoints {

  private Endpoints() {}

  static HttpServer listen(String host, int port, String what) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen for " + what + " on " + host + ":" + port + ": " + e.getMessage());
    }
    server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "shareline-" + what.replace(' ', '-'));
      thread.setDaemon(true);
      return thread;
    }));
    return server;
  }
}
