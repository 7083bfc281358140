package io.shareline.worker.config;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by every command that runs a worker: the same flag names everywhere. */
public final class WorkerOptions {

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Data folder of the local provider: Delta tables, staging, ledger, provider state"
          + " (env SHARELINE_DATA_DIR; default " + WorkerSettings.DEFAULT_DATA_DIR + ").")
  String dataDir;

  @Option(names = "--port", paramLabel = "PORT",
      description = "Port of the embedded Temporal server on 127.0.0.1; 0 picks a free one"
          + " (env SHARELINE_TEMPORAL_PORT; default " + WorkerSettings.DEFAULT_PORT + ").")
  Integer port;

  @Option(names = "--address", paramLabel = "HOST:PORT",
      description = "Temporal frontend to connect to when not embedded (env TEMPORAL_ADDRESS; default "
          + WorkerSettings.DEFAULT_ADDRESS + ").")
  String address;

  @Option(names = "--namespace", paramLabel = "NS",
      description = "Temporal namespace (env TEMPORAL_NAMESPACE; default " + WorkerSettings.DEFAULT_NAMESPACE + ").")
  String namespace;

  @Option(names = "--max-concurrent-activities", paramLabel = "N",
      description = "Activity slots of this worker (env SHARELINE_MAX_CONCURRENT_ACTIVITIES; default "
          + WorkerSettings.DEFAULT_MAX_CONCURRENT_ACTIVITIES + ").")
  Integer maxConcurrentActivities;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Optional properties file with the same keys (data-dir, temporal.address, temporal.namespace,"
          + " port, max-concurrent-activities) and hadoop.* settings; flags and environment win over it.")
  Path config;

  public boolean dataDirGiven() {
    return dataDir != null;
  }

  public void useDataDir(String dir) {
    dataDir = dir;
  }

  /** Settings for a one-shot command, whose embedded server takes a free port unless --port says otherwise. */
  public WorkerSettings oneShotSettings() {
    if (port == null) {
      port = 0;
    }
    return settings();
  }

  public WorkerSettings settings() {
    return WorkerSettings.resolve(
        new WorkerSettings.Flags(dataDir, address, namespace, port, maxConcurrentActivities, config), System.getenv());
  }
}
