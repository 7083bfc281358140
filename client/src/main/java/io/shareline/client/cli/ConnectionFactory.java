package io.shareline.client.cli;

import io.shareline.client.TemporalConnection;
import io.shareline.client.TemporalTarget;
import io.temporal.common.converter.DataConverter;

/** How a command reaches Temporal; tests hand in a connection to an in-process server. */
@FunctionalInterface
public interface ConnectionFactory {

  /** A checked gRPC connection to the target: what the real CLI uses. */
  ConnectionFactory REMOTE = TemporalConnection::open;

  /**
   * @param converter the encrypting data converter when codec keys are configured, else null
   * @throws IllegalStateException with a one-line message if the server cannot be reached
   */
  TemporalConnection open(TemporalTarget target, DataConverter converter);
}
