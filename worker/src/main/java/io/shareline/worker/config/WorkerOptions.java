package io.shareline.worker.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options shared by every command that runs a worker: the same flag names everywhere. Each flag sets the
 * config key of the same meaning; secrets (codec keys, the codec token) have no flag, so they never show in
 * a process list.
 */
public final class WorkerOptions {

  /** Config key to flag, for the keys that have one. */
  private static final Map<String, String> FLAGS = Map.ofEntries(
      Map.entry("data-dir", "--data-dir"), Map.entry("port", "--port"),
      Map.entry("temporal.address", "--address"), Map.entry("temporal.namespace", "--namespace"),
      Map.entry("temporal.tls", "--tls"), Map.entry("temporal.tls-cert", "--tls-cert"),
      Map.entry("temporal.tls-key", "--tls-key"), Map.entry("temporal.tls-ca", "--tls-ca"),
      Map.entry("temporal.tls-server-name", "--tls-server-name"), Map.entry("temporal.api-key", "--api-key"),
      Map.entry("max-concurrent-activities", "--max-concurrent-activities"),
      Map.entry("max-concurrent-workflow-tasks", "--max-concurrent-workflow-tasks"),
      Map.entry("activity-pollers", "--activity-pollers"), Map.entry("workflow-pollers", "--workflow-pollers"),
      Map.entry("workflow-cache-size", "--workflow-cache-size"), Map.entry("shutdown-grace", "--shutdown-grace"),
      Map.entry("codec.key-file", "--codec-key-file"), Map.entry("codec-server.port", "--codec-port"),
      Map.entry("codec-server.host", "--codec-host"), Map.entry("codec-server.cors-origin", "--codec-cors-origin"),
      Map.entry("metrics.port", "--metrics-port"), Map.entry("metrics.host", "--metrics-host"));

  static String flagName(String key) {
    return FLAGS.getOrDefault(key, key);
  }

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

  @Option(names = "--tls", negatable = true,
      description = "TLS to Temporal even without certificate files (env TEMPORAL_TLS; default: on when a TLS file"
          + " or an API key is given).")
  Boolean tls;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "Client certificate for mTLS (env TEMPORAL_TLS_CERT).")
  String tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "PKCS#8 key of --tls-cert (env TEMPORAL_TLS_KEY).")
  String tlsKey;

  @Option(names = "--tls-ca", paramLabel = "PEM",
      description = "CA bundle to trust for the server instead of the JVM's (env TEMPORAL_TLS_CA).")
  String tlsCa;

  @Option(names = "--tls-server-name", paramLabel = "NAME",
      description = "Server name to verify when it differs from the address's host (env TEMPORAL_TLS_SERVER_NAME).")
  String tlsServerName;

  @Option(names = "--api-key", paramLabel = "KEY",
      description = "Temporal API key; prefer env TEMPORAL_API_KEY, a flag shows in the process list.")
  String apiKey;

  @Option(names = "--max-concurrent-activities", paramLabel = "N",
      description = "Activity slots of this worker (env SHARELINE_MAX_CONCURRENT_ACTIVITIES; default "
          + WorkerTuning.DEFAULT_MAX_CONCURRENT_ACTIVITIES + ").")
  Integer maxConcurrentActivities;

  @Option(names = "--max-concurrent-workflow-tasks", paramLabel = "N",
      description = "Workflow task slots (env SHARELINE_MAX_CONCURRENT_WORKFLOW_TASKS; default "
          + WorkerTuning.DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS + ").")
  Integer maxConcurrentWorkflowTasks;

  @Option(names = "--activity-pollers", paramLabel = "N",
      description = "Activity task pollers (env SHARELINE_ACTIVITY_POLLERS; default " + WorkerTuning.DEFAULT_POLLERS + ").")
  Integer activityPollers;

  @Option(names = "--workflow-pollers", paramLabel = "N",
      description = "Workflow task pollers, at least 2 (env SHARELINE_WORKFLOW_POLLERS; default "
          + WorkerTuning.DEFAULT_POLLERS + ").")
  Integer workflowPollers;

  @Option(names = "--workflow-cache-size", paramLabel = "N",
      description = "Workflow executions kept in memory, 0 for none (env SHARELINE_WORKFLOW_CACHE_SIZE; default "
          + WorkerTuning.DEFAULT_WORKFLOW_CACHE_SIZE + ").")
  Integer workflowCacheSize;

  @Option(names = "--shutdown-grace", paramLabel = "DURATION",
      description = "On SIGTERM, how long running activities may finish before the worker exits, e.g. 30s or 2m"
          + " (env SHARELINE_SHUTDOWN_GRACE; default 30s).")
  String shutdownGrace;

  @Option(names = "--codec-key-file", paramLabel = "FILE",
      description = "Payload encryption keys, one id:base64 per line, the first encrypts (env SHARELINE_CODEC_KEY_FILE,"
          + " or inline keys in SHARELINE_CODEC_KEYS).")
  String codecKeyFile;

  @Option(names = "--codec-port", paramLabel = "PORT",
      description = "Serve the Temporal Web UI codec endpoint (POST /encode, /decode) on this port; needs"
          + " SHARELINE_CODEC_TOKEN (env SHARELINE_CODEC_PORT; default off).")
  Integer codecPort;

  @Option(names = "--codec-host", paramLabel = "HOST",
      description = "Interface of the codec endpoint (env SHARELINE_CODEC_HOST; default " + WorkerSettings.LOOPBACK + ").")
  String codecHost;

  @Option(names = "--codec-cors-origin", paramLabel = "URL",
      description = "Web UI origin allowed to call the codec endpoint (env SHARELINE_CODEC_CORS_ORIGIN; default "
          + WorkerSettings.DEFAULT_CODEC_CORS_ORIGIN + ").")
  String codecCorsOrigin;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve Prometheus /metrics and /health on this port, 0 for a free one (env SHARELINE_METRICS_PORT;"
          + " default off).")
  Integer metricsPort;

  @Option(names = "--metrics-host", paramLabel = "HOST",
      description = "Interface of /metrics and /health (env SHARELINE_METRICS_HOST; default " + WorkerSettings.LOOPBACK
          + ").")
  String metricsHost;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Optional properties file with the same keys (data-dir, temporal.address, temporal.namespace,"
          + " temporal.tls-*, port, max-concurrent-activities, shutdown-grace, codec.*, metrics.* ...; see README)"
          + " and hadoop.* settings; flags and environment win over it.")
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
    return WorkerSettings.resolve(flags(), System.getenv());
  }

  WorkerSettings.Flags flags() {
    Map<String, String> values = new HashMap<>();
    put(values, "data-dir", dataDir);
    put(values, "port", port);
    put(values, "temporal.address", address);
    put(values, "temporal.namespace", namespace);
    put(values, "temporal.tls", tls);
    put(values, "temporal.tls-cert", tlsCert);
    put(values, "temporal.tls-key", tlsKey);
    put(values, "temporal.tls-ca", tlsCa);
    put(values, "temporal.tls-server-name", tlsServerName);
    put(values, "temporal.api-key", apiKey);
    put(values, "max-concurrent-activities", maxConcurrentActivities);
    put(values, "max-concurrent-workflow-tasks", maxConcurrentWorkflowTasks);
    put(values, "activity-pollers", activityPollers);
    put(values, "workflow-pollers", workflowPollers);
    put(values, "workflow-cache-size", workflowCacheSize);
    put(values, "shutdown-grace", shutdownGrace);
    put(values, "codec.key-file", codecKeyFile);
    put(values, "codec-server.port", codecPort);
    put(values, "codec-server.host", codecHost);
    put(values, "codec-server.cors-origin", codecCorsOrigin);
    put(values, "metrics.port", metricsPort);
    put(values, "metrics.host", metricsHost);
    return new WorkerSettings.Flags(values, config);
  }

  private static void put(Map<String, String> values, String key, Object value) {
    if (value != null) {
      values.put(key, value.toString());
    }
  }
}
