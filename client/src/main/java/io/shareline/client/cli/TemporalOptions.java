package io.shareline.client.cli;

import io.grpc.StatusRuntimeException;
import io.shareline.client.SharelineClient;
import io.shareline.client.TemporalConnection;
import io.temporal.client.WorkflowException;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where every client command finds Temporal, and how it reports what went wrong there. */
public final class TemporalOptions {

  @Option(
      names = "--address",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:TEMPORAL_ADDRESS:-" + TemporalConnection.DEFAULT_ADDRESS + "}",
      description =
          "Temporal frontend to connect to. Default: $TEMPORAL_ADDRESS, else the embedded server at "
              + TemporalConnection.DEFAULT_ADDRESS
              + ".")
  String address;

  @Option(
      names = "--namespace",
      paramLabel = "NAMESPACE",
      defaultValue = "${env:TEMPORAL_NAMESPACE:-" + TemporalConnection.DEFAULT_NAMESPACE + "}",
      description =
          "Temporal namespace of the connectors. Default: $TEMPORAL_NAMESPACE, else "
              + TemporalConnection.DEFAULT_NAMESPACE
              + ".")
  String namespace;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  private final ConnectionFactory connections;

  public TemporalOptions() {
    this(ConnectionFactory.REMOTE);
  }

  TemporalOptions(ConnectionFactory connections) {
    this.connections = connections;
  }

  /** What a command does once connected; it prints its result to {@code out}. */
  @FunctionalInterface
  public interface Action {
    void run(SharelineClient client, PrintWriter out);
  }

  /**
   * Connects, runs {@code action} and returns the exit code. A failure the user can act on (server
   * unreachable, no such connector, a refused create) is printed as one line and exits 1.
   */
  public int run(Action action) {
    PrintWriter out = command.commandLine().getOut();
    try (TemporalConnection connection = connections.open(address, namespace)) {
      action.run(new SharelineClient(connection.client()), out);
      out.flush();
      return 0;
    } catch (IllegalStateException | WorkflowException | StatusRuntimeException e) {
      PrintWriter err = command.commandLine().getErr();
      // A WorkflowException's own message only names the workflow; its cause says what happened.
      Throwable reason = e instanceof WorkflowException && e.getCause() != null ? e.getCause() : e;
      err.println(command.qualifiedName() + ": " + firstLine(reason.getMessage()));
      err.flush();
      return 1;
    }
  }

  private static String firstLine(String message) {
    return message == null ? "failed" : message.lines().findFirst().orElse("failed");
  }
}
