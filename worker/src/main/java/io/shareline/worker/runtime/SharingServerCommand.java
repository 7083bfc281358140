package io.shareline.worker.runtime;

import io.shareline.sharing.server.SharingServer;
import io.shareline.worker.config.SharingSettings;
import io.shareline.worker.config.WorkerSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shareline sharing-server}: the open Delta Sharing server over a data folder, as its own process. */
@Command(name = "sharing-server", mixinStandardHelpOptions = true,
    description = {
      "Serves every connector's local shares under a data folder (a folder or an s3a:// root) with the open Delta"
          + " Sharing protocol: recipients read them with pandas, Spark, DuckDB or any Delta Sharing client.",
      "Stateless: it reads the tables and the local provider's state, so replicas can serve one folder. Put it"
          + " behind a TLS proxy and set --endpoint to the public URL recipients use."
    })
public final class SharingServerCommand implements Callable<Integer> {

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Data folder the workers deliver into (env SHARELINE_DATA_DIR; default "
          + WorkerSettings.DEFAULT_DATA_DIR + ").")
  String dataDir;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Port to listen on, 0 for a free one (env SHARELINE_SHARING_PORT; default "
          + SharingSettings.DEFAULT_PORT + ").")
  Integer port;

  @Option(names = "--host", paramLabel = "HOST",
      description = "Interface to listen on, e.g. 0.0.0.0 in a container (env SHARELINE_SHARING_HOST; default "
          + WorkerSettings.LOOPBACK + ").")
  String host;

  @Option(names = "--endpoint", paramLabel = "URL",
      description = "Public URL recipients use, ending in /delta-sharing (env SHARELINE_SHARING_ENDPOINT; default"
          + " http://HOST:PORT/delta-sharing).")
  String endpoint;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Optional properties file (data-dir, sharing.*, hadoop.* for s3a:// folders); flags and"
          + " environment win over it.")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> flags = new HashMap<>();
    put(flags, "data-dir", dataDir);
    put(flags, "sharing.port", port == null ? null : port.toString());
    put(flags, "sharing.host", host);
    put(flags, "sharing.endpoint", endpoint);
    WorkerSettings settings = WorkerSettings.resolve(new WorkerSettings.Flags(flags, config), System.getenv());
    SharingServer server = EmbeddedSharing.start(settings, false);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "sharing-server-shutdown"));
    System.out.println("Delta Sharing server on port " + server.port() + " serving " + settings.dataDir()
        + "; recipients use " + server.endpoint());
    System.out.flush();
    stopped.await();
    return 0;
  }

  private static void put(Map<String, String> values, String key, String value) {
    if (value != null) {
      values.put(key, value);
    }
  }
}
