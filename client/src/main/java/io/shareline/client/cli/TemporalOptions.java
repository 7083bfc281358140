package io.shareline.client.cli;

import io.grpc.StatusRuntimeException;
import io.shareline.client.SharelineClient;
import io.shareline.client.TemporalConnection;
import io.shareline.client.TemporalTarget;
import io.shareline.client.codec.PayloadEncryption;
import io.temporal.common.converter.DataConverter;
import java.nio.file.Path;
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

  @Option(names = "--tls-cert", paramLabel = "PEM", defaultValue = "${env:TEMPORAL_TLS_CERT}",
      description = "Client certificate for mTLS. Default: $TEMPORAL_TLS_CERT.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", defaultValue = "${env:TEMPORAL_TLS_KEY}",
      description = "PKCS#8 key of --tls-cert. Default: $TEMPORAL_TLS_KEY.")
  Path tlsKey;

  @Option(names = "--tls-ca", paramLabel = "PEM", defaultValue = "${env:TEMPORAL_TLS_CA}",
      description = "CA bundle to trust for the server. Default: $TEMPORAL_TLS_CA, else the JVM's trust store.")
  Path tlsCa;

  @Option(names = "--tls-server-name", paramLabel = "NAME", defaultValue = "${env:TEMPORAL_TLS_SERVER_NAME}",
      description = "Server name to verify when it differs from the host. Default: $TEMPORAL_TLS_SERVER_NAME.")
  String tlsServerName;

  @Option(names = "--tls", negatable = true, defaultValue = "${env:TEMPORAL_TLS}",
      description = "TLS without certificate files. Default: $TEMPORAL_TLS, else on when a TLS file or an API key"
          + " is given.")
  Boolean tls;

  @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:TEMPORAL_API_KEY}",
      description = "Temporal API key. Default: $TEMPORAL_API_KEY (prefer it: a flag shows in the process list).")
  String apiKey;

  @Option(names = "--codec-key-file", paramLabel = "FILE",
      description = "Keys to read encrypted payloads (one id:base64 per line). Default: $SHARELINE_CODEC_KEY_FILE,"
          + " or inline keys in $SHARELINE_CODEC_KEYS.")
  Path codecKeyFile;

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
    try (TemporalConnection connection = connections.open(target(), converter())) {
      action.run(new SharelineClient(connection.client()), out);
      out.flush();
      return 0;
    } catch (IllegalStateException | IllegalArgumentException | WorkflowException | StatusRuntimeException e) {
      PrintWriter err = command.commandLine().getErr();
      // A WorkflowException's own message only names the workflow; its cause says what happened.
      Throwable reason = e instanceof WorkflowException && e.getCause() != null ? e.getCause() : e;
      err.println(command.qualifiedName() + ": " + firstLine(reason.getMessage()));
      err.flush();
      return 1;
    }
  }

  /** The Temporal target these options name. */
  TemporalTarget target() {
    return TemporalTarget.resolve(address, namespace, tls,
        new TemporalTarget.Tls(tlsCert, tlsKey, tlsCa, tlsServerName), apiKey);
  }

  /** The encrypting converter when codec keys are configured, else null (the SDK default). */
  private DataConverter converter() {
    return PayloadEncryption.keysFor(codecKeyFile, System.getenv()).map(PayloadEncryption::dataConverter).orElse(null);
  }

  private static String firstLine(String message) {
    return message == null ? "failed" : message.lines().findFirst().orElse("failed");
  }
}
