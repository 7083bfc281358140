package io.shareline.client.cli;

import java.util.List;
import picocli.CommandLine;

/** The client's commands, for the {@code shareline} root command to register. */
public final class Commands {

  /** Top-level command classes, in help order. */
  public static final List<Class<?>> COMMANDS =
      List.of(ConnectorCommand.class, RunCompletedCommand.class, StatusCommand.class);

  private Commands() {}

  /** A picocli factory whose commands connect through {@code connections} instead of gRPC. */
  public static CommandLine.IFactory factory(ConnectionFactory connections) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        return type == TemporalOptions.class
            ? type.cast(new TemporalOptions(connections))
            : defaults.create(type);
      }
    };
  }
}
