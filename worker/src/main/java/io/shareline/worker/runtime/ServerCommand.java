package io.shareline.worker.runtime;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shareline server}: a local Temporal server other shareline processes connect to. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a local Temporal server on 127.0.0.1 for the embedded mode.",
      "In-process SDK test server in real time, namespace default, Shareline's search attributes"
          + " registered. Runs until Ctrl-C or SIGTERM; its state lives in memory and is lost when"
          + " it stops."
    })
public final class ServerCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "7233",
      paramLabel = "PORT",
      description =
          "TCP port to listen on, on 127.0.0.1 only; 0 picks a free port. Default: ${DEFAULT-VALUE}.")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedTemporal temporal = EmbeddedTemporal.start(port);
    // The hook must not wait for this thread: it blocks in System.exit while hooks run.
    Runtime.getRuntime().addShutdownHook(new Thread(temporal::close, "shareline-server-shutdown"));
    System.out.println(
        "Temporal server listening on "
            + temporal.target()
            + " (namespace "
            + EmbeddedTemporal.NAMESPACE
            + ")");
    System.out.flush();
    temporal.awaitTermination();
    return 0;
  }
}
