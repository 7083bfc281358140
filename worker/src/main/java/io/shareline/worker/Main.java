package io.shareline.worker;

import io.shareline.client.cli.Commands;
import io.shareline.worker.bench.BenchCommand;
import io.shareline.worker.oneshot.DeliverCommand;
import io.shareline.worker.oneshot.DemoCommand;
import io.shareline.worker.oneshot.HistoryCommand;
import io.shareline.worker.preflight.ConnectorCheckCommand;
import io.shareline.worker.runtime.ServerCommand;
import io.shareline.worker.runtime.SharingServerCommand;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code shareline} command line: one subcommand per process role or operator action. */
@Command(
    name = "shareline",
    mixinStandardHelpOptions = true,
    versionProvider = Main.ManifestVersion.class,
    description = "Publishes data-extraction output as shared Delta tables, driven by Temporal.")
public final class Main implements Runnable {

  /** Add a subcommand by appending its {@code @Command} class here. */
  static final List<Class<?>> SUBCOMMANDS =
      Stream.concat(
              Stream.of(DemoCommand.class, DeliverCommand.class, ServerCommand.class, WorkerCommand.class,
                  SharingServerCommand.class, HistoryCommand.class, BenchCommand.class),
              Commands.COMMANDS.stream())
          .toList();

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * Subcommands of the client's commands that need the worker's modules (the provider), by parent name:
   * the client never depends on the activities, so they are attached here.
   */
  static final Map<String, List<Class<?>>> NESTED = Map.of("connector", List.of(ConnectorCheckCommand.class));

  /** The root command with every subcommand registered, ready to {@code execute(args)}. */
  public static CommandLine commandLine() {
    CommandLine root = new CommandLine(new Main());
    // a CommandLine of its own per subcommand: picocli applies a command's model transformer (the settings'
    // flags, see WorkerOptions) when it builds one, not when it registers a bare class
    SUBCOMMANDS.forEach(command -> root.addSubcommand(new CommandLine(command)));
    NESTED.forEach((parent, commands) -> commands.forEach(command -> root.getSubcommands().get(parent)
        .addSubcommand(new CommandLine(command))));
    root.setExecutionExceptionHandler(Main::reportFailure);
    return root;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand");
  }

  /**
   * An IllegalStateException or IllegalArgumentException carries a message written for the user
   * (port in use, server unreachable, a bad setting): print it alone. Anything else is a bug: keep the stack trace.
   */
  private static int reportFailure(
      Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
    if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
      command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    } else {
      e.printStackTrace(command.getErr());
    }
    command.getErr().flush();
    return command.getCommandSpec().exitCodeOnExecutionException();
  }

  static final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"shareline " + (version != null ? version : "(development build)")};
    }
  }
}
