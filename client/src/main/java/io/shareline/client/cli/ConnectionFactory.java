package io.shareline.client.cli;

import io.shareline.client.TemporalConnection;

/** How a command reaches Temporal; tests hand in a connection to an in-process server. */
@FunctionalInterface
public interface ConnectionFactory {

  /** A checked gRPC connection to {@code address}: what the real CLI uses. */
  ConnectionFactory REMOTE = TemporalConnection::open;

  /**
   * @throws IllegalStateException with a one-line message if the server cannot be reached
   */
  TemporalConnection open(String address, String namespace);
}
