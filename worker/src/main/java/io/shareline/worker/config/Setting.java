package io.shareline.worker.config;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every setting of a worker process, declared once: its config-file key, environment variable, flag (if it has
 * one, and on which commands), default, meaning and check. The config file, the environment, the flags, their
 * help and the deploy files' check all read this list. Secrets have no flag, so they never show in a process
 * list; secrets by value ({@link WorkerSettings#TOKEN_ENV}) are not settings at all, they come from the
 * environment only.
 */
public enum Setting {
  DATA_DIR("data-dir", "SHARELINE_DATA_DIR", flag("--data-dir", "DIR", Use.DATA), Check.TEXT,
      WorkerSettings.DEFAULT_DATA_DIR, true, "Data folder: Delta tables, staging, ledger, provider state"),
  TEMPORAL_ADDRESS("temporal.address", "TEMPORAL_ADDRESS", flag("--address", "HOST:PORT", Use.CLUSTER),
      Check.HOST_PORT, WorkerSettings.DEFAULT_ADDRESS, true, "Temporal frontend to connect to when not embedded"),
  TEMPORAL_NAMESPACE("temporal.namespace", "TEMPORAL_NAMESPACE", flag("--namespace", "NS", Use.CLUSTER), Check.TEXT,
      WorkerSettings.DEFAULT_NAMESPACE, true, "Temporal namespace"),
  TEMPORAL_TLS("temporal.tls", "TEMPORAL_TLS", flag("--tls", null, Use.CLUSTER), Check.BOOLEAN, null, false,
      "TLS to Temporal even without certificate files (unset: on when a TLS file or an API key is given)"),
  TEMPORAL_TLS_CERT("temporal.tls-cert", "TEMPORAL_TLS_CERT", flag("--tls-cert", "PEM", Use.CLUSTER), Check.TEXT,
      null, false, "Client certificate for mTLS"),
  TEMPORAL_TLS_KEY("temporal.tls-key", "TEMPORAL_TLS_KEY", flag("--tls-key", "PEM", Use.CLUSTER), Check.TEXT, null,
      false, "PKCS#8 key of the client certificate"),
  TEMPORAL_TLS_CA("temporal.tls-ca", "TEMPORAL_TLS_CA", flag("--tls-ca", "PEM", Use.CLUSTER), Check.TEXT, null, false,
      "CA bundle to trust for the server (unset: the JVM's)"),
  TEMPORAL_TLS_SERVER_NAME("temporal.tls-server-name", "TEMPORAL_TLS_SERVER_NAME",
      flag("--tls-server-name", "NAME", Use.CLUSTER), Check.TEXT, null, false,
      "Server name to verify when it differs from the address's host"),
  TEMPORAL_API_KEY("temporal.api-key", "TEMPORAL_API_KEY", flag("--api-key", "KEY", Use.CLUSTER), Check.TEXT, null,
      false, "Temporal API key (bearer token; implies TLS); prefer the environment, a flag shows in the process list"),
  PORT("port", "SHARELINE_TEMPORAL_PORT", flag("--port", "PORT", Use.EMBEDDED), Check.PORT,
      Integer.toString(WorkerSettings.DEFAULT_PORT), false,
      "Port of the embedded Temporal server on 127.0.0.1; 0 picks a free one (one-shot commands: a free one)"),
  MAX_CONCURRENT_ACTIVITIES("max-concurrent-activities", "SHARELINE_MAX_CONCURRENT_ACTIVITIES",
      flag("--max-concurrent-activities", "N", Use.PROCESS), Check.range(1, 1000),
      Integer.toString(WorkerTuning.DEFAULT_MAX_CONCURRENT_ACTIVITIES), false, "Activity slots of this worker"),
  MAX_CONCURRENT_WORKFLOW_TASKS("max-concurrent-workflow-tasks", "SHARELINE_MAX_CONCURRENT_WORKFLOW_TASKS",
      flag("--max-concurrent-workflow-tasks", "N", Use.PROCESS), Check.range(2, 1000),
      Integer.toString(WorkerTuning.DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS), false, "Workflow task slots"),
  ACTIVITY_POLLERS("activity-pollers", "SHARELINE_ACTIVITY_POLLERS", flag("--activity-pollers", "N", Use.PROCESS),
      Check.range(1, 100), Integer.toString(WorkerTuning.DEFAULT_POLLERS), false, "Activity task pollers"),
  WORKFLOW_POLLERS("workflow-pollers", "SHARELINE_WORKFLOW_POLLERS", flag("--workflow-pollers", "N", Use.PROCESS),
      Check.range(2, 100), Integer.toString(WorkerTuning.DEFAULT_POLLERS), false, "Workflow task pollers"),
  WORKFLOW_CACHE_SIZE("workflow-cache-size", "SHARELINE_WORKFLOW_CACHE_SIZE",
      flag("--workflow-cache-size", "N", Use.PROCESS), Check.range(0, 100_000),
      Integer.toString(WorkerTuning.DEFAULT_WORKFLOW_CACHE_SIZE), false, "Workflow executions kept in memory, 0 for none"),
  SHUTDOWN_GRACE("shutdown-grace", "SHARELINE_SHUTDOWN_GRACE", flag("--shutdown-grace", "DURATION", Use.SERVICE),
      Check.DURATION_TO_AN_HOUR, WorkerTuning.DEFAULT_SHUTDOWN_GRACE.toSeconds() + "s", false,
      "On SIGTERM, how long running activities may finish before the worker exits, e.g. 30s or 2m"),
  CODEC_KEYS("codec.keys", "SHARELINE_CODEC_KEYS", null, Check.TEXT, null, false,
      "Payload encryption keys id:base64[,id:base64...], the first encrypts"),
  CODEC_KEY_FILE("codec.key-file", "SHARELINE_CODEC_KEY_FILE", flag("--codec-key-file", "FILE", Use.PROCESS),
      Check.TEXT, null, false, "File of payload encryption keys, one id:base64 per line, the first encrypts"),
  CODEC_SERVER_PORT("codec-server.port", "SHARELINE_CODEC_PORT", flag("--codec-port", "PORT", Use.SERVICE),
      Check.PORT, null, false, "Serve the Temporal Web UI codec endpoint (POST /encode, /decode) on this port;"
          + " needs SHARELINE_CODEC_TOKEN (unset: off)"),
  CODEC_SERVER_HOST("codec-server.host", "SHARELINE_CODEC_HOST", flag("--codec-host", "HOST", Use.SERVICE),
      Check.TEXT, WorkerSettings.LOOPBACK, false, "Interface of the codec endpoint"),
  CODEC_SERVER_TOKEN("codec-server.token", "SHARELINE_CODEC_TOKEN", null, Check.TEXT, null, false,
      "Bearer token the codec endpoint requires"),
  CODEC_SERVER_CORS_ORIGIN("codec-server.cors-origin", "SHARELINE_CODEC_CORS_ORIGIN",
      flag("--codec-cors-origin", "URL", Use.SERVICE), Check.TEXT, WorkerSettings.DEFAULT_CODEC_CORS_ORIGIN, false,
      "Web UI origin allowed to call the codec endpoint"),
  METRICS_PORT("metrics.port", "SHARELINE_METRICS_PORT", flag("--metrics-port", "PORT", Use.PROCESS), Check.PORT, null,
      false, "Serve Prometheus /metrics and /health on this port, 0 for a free one (unset: off)"),
  METRICS_HOST("metrics.host", "SHARELINE_METRICS_HOST", flag("--metrics-host", "HOST", Use.PROCESS), Check.TEXT,
      WorkerSettings.LOOPBACK, false, "Interface of /metrics and /health"),
  DATABRICKS_HOST("databricks.host", "SHARELINE_DATABRICKS_HOST", null, Check.TEXT, null, false,
      "Databricks workspace URL (provider databricks on when set)"),
  DATABRICKS_CATALOG("databricks.catalog", "SHARELINE_DATABRICKS_CATALOG", null, Check.TEXT, null, false,
      "Unity Catalog catalog of the schemas"),
  DATABRICKS_STORAGE_ROOT("databricks.storage-root", "SHARELINE_DATABRICKS_STORAGE_ROOT", null, Check.TEXT, null,
      false, "s3:// root of the tables"),
  DATABRICKS_WAREHOUSE_ID("databricks.warehouse-id", "SHARELINE_DATABRICKS_WAREHOUSE_ID", null, Check.TEXT, null,
      false, "SQL warehouse that creates the tables"),
  DATABRICKS_CLIENT_ID("databricks.client-id", "DATABRICKS_CLIENT_ID", null, Check.TEXT, null, false,
      "OAuth M2M service principal id"),
  DATABRICKS_TOKEN_FILE("databricks.token-file", "SHARELINE_DATABRICKS_TOKEN_FILE", null, Check.TEXT, null, false,
      "File holding the PAT"),
  DATABRICKS_CLIENT_SECRET_FILE("databricks.client-secret-file", "SHARELINE_DATABRICKS_CLIENT_SECRET_FILE", null,
      Check.TEXT, null, false, "File holding the service principal's secret"),
  DATABRICKS_ACTIVATION_OUTBOX("databricks.activation-outbox", "SHARELINE_DATABRICKS_ACTIVATION_OUTBOX", null,
      Check.TEXT, null, false, "Former name of activation-outbox, still read when that is unset"),
  DATABRICKS_TOKEN_LIFETIME_DAYS("databricks.token-lifetime-days", "SHARELINE_DATABRICKS_TOKEN_LIFETIME_DAYS", null,
      Check.range(1, 365), null, false, "Token recipients' credential lifetime in days (unset: the metastore's)"),
  DATABRICKS_MAX_TABLES_PER_SHARE("databricks.max-tables-per-share", "SHARELINE_DATABRICKS_MAX_TABLES_PER_SHARE",
      null, Check.range(1, 1000), null, false, "Fail SHARE before a share holds more tables"),
  SNOWFLAKE_ACCOUNT("snowflake.account", "SHARELINE_SNOWFLAKE_ACCOUNT", null, Check.TEXT, null, false,
      "Snowflake provider account, ORG-ACCOUNT or locator (provider snowflake on when set)"),
  SNOWFLAKE_USER("snowflake.user", "SHARELINE_SNOWFLAKE_USER", null, Check.TEXT, null, false,
      "Service user whose RSA_PUBLIC_KEY is the key pair's public half"),
  SNOWFLAKE_PRIVATE_KEY_FILE("snowflake.private-key-file", "SHARELINE_SNOWFLAKE_PRIVATE_KEY_FILE", null, Check.TEXT,
      null, false, "File holding the unencrypted PKCS#8 PEM key (or the key itself in SNOWFLAKE_PRIVATE_KEY)"),
  SNOWFLAKE_ROLE("snowflake.role", "SHARELINE_SNOWFLAKE_ROLE", null, Check.TEXT, null, false,
      "Role every statement runs as"),
  SNOWFLAKE_WAREHOUSE("snowflake.warehouse", "SHARELINE_SNOWFLAKE_WAREHOUSE", null, Check.TEXT, null, false,
      "Warehouse every statement runs on"),
  SNOWFLAKE_STORAGE_INTEGRATION("snowflake.storage-integration", "SHARELINE_SNOWFLAKE_STORAGE_INTEGRATION", null,
      Check.TEXT, null, false, "Storage integration of the external stages over the ingestion bucket"),
  SNOWFLAKE_STAGE_URL("snowflake.stage-url", "SHARELINE_SNOWFLAKE_STAGE_URL", null, Check.TEXT, null, false,
      "s3:// URL of the data folder as the storage integration reaches it (unset: data-dir with s3a:// as s3://)"),
  SNOWFLAKE_API_URL("snowflake.api-url", "SHARELINE_SNOWFLAKE_API_URL", null, Check.URL, null, false,
      "SQL API address (unset: https://<account>.snowflakecomputing.com)"),
  SNOWFLAKE_POLL_DEADLINE("snowflake.poll-deadline", "SHARELINE_SNOWFLAKE_POLL_DEADLINE", null,
      Check.DURATION_TO_AN_HOUR, "15m", false, "How long a statement may run before the worker cancels it"),
  ACTIVATION_OUTBOX("activation-outbox", "SHARELINE_ACTIVATION_OUTBOX", null, Check.TEXT, null, false,
      "Directory or https:// webhook that receives token recipients' activation links, every provider"
          + " (embedded default: <data-dir>/activation-outbox)"),
  SHARING_ENDPOINT("sharing.endpoint", "SHARELINE_SHARING_ENDPOINT", null, Check.URL, null, false,
      "Public URL of the Delta Sharing server, ending in /delta-sharing (embedded default: the embedded server on"
          + " 127.0.0.1)"),
  SHARING_VERIFY_ENDPOINT("sharing.verify-endpoint", "SHARELINE_SHARING_VERIFY_ENDPOINT", null, Check.URL, null,
      false, "URL a worker reads the shares through at VERIFY when it reaches the sharing server otherwise than"
          + " recipients (unset: sharing.endpoint)"),
  SHARING_PORT("sharing.port", "SHARELINE_SHARING_PORT", null, Check.PORT, null, false,
      "Port of the embedded or standalone sharing server (unset: " + SharingSettings.DEFAULT_PORT
          + ", or a free one when that is taken; 0 picks a free one)"),
  SHARING_HOST("sharing.host", "SHARELINE_SHARING_HOST", null, Check.TEXT, WorkerSettings.LOOPBACK, false,
      "Interface the sharing server listens on"),
  SHARING_TOKEN_LIFETIME_DAYS("sharing.token-lifetime-days", "SHARELINE_SHARING_TOKEN_LIFETIME_DAYS", null,
      Check.range(1, 365), Integer.toString(SharingSettings.DEFAULT_TOKEN_LIFETIME_DAYS), false,
      "Local token recipients' token lifetime in days"),
  SHARING_REQUESTS_PER_SECOND("sharing.requests-per-second", "SHARELINE_SHARING_REQUESTS_PER_SECOND", null,
      Check.range(0, 1_000_000), Integer.toString(SharingSettings.DEFAULT_REQUESTS_PER_SECOND), false,
      "Per-token rate limit of the sharing server (0: none)");

  /** What a command does with a worker process, and so which flags act on it. */
  public enum Use {
    /** Every command that reads the data folder. */
    DATA,
    /** Connects to a Temporal cluster: {@code worker} without {@code --embedded}. */
    CLUSTER,
    /** Runs an in-process Temporal server. */
    EMBEDDED,
    /** Runs activities and workflows in this process. */
    PROCESS,
    /** Runs as a long-lived service next to the Temporal Web UI. */
    SERVICE;

    /** The uses of the long-running worker. */
    public static final Set<Use> WORKER = EnumSet.allOf(Use.class);
    /** The uses of a one-shot command that delivers in-process (deliver, demo, bench). */
    public static final Set<Use> ONE_SHOT = EnumSet.of(DATA, EMBEDDED, PROCESS);
    /** The uses of a benchmark that runs in a work folder of its own. */
    public static final Set<Use> BENCH = EnumSet.of(EMBEDDED, PROCESS);
    /** The uses of a command that only reads the data folder. */
    public static final Set<Use> READER = EnumSet.of(DATA);
  }

  /** A flag: its name, parameter label (null: a negatable switch) and the one use it serves. */
  public record Flag(String name, String label, Use use) {}

  /** How a value is checked; every failure names the key and where its value came from. */
  public record Check(String expected, Function<String, Object> parse) {
    static final Check TEXT = new Check("text", text -> text);
    static final Check URL = new Check("an http(s):// URL", text -> {
      if (!text.matches("https?://\\S+")) {
        throw new IllegalArgumentException();
      }
      return text;
    });
    static final Check HOST_PORT = new Check("host:port", text -> {
      if (!text.matches("[^\\s:]+:\\d{1,5}")) {
        throw new IllegalArgumentException();
      }
      return text;
    });
    static final Check BOOLEAN = new Check("true or false", SettingTexts::bool);
    static final Check PORT = range(0, 65535);
    static final Check DURATION_TO_AN_HOUR = new Check("a duration from 0s to 3600s such as 30s, 2m or 500ms",
        text -> SettingTexts.parse(text, java.time.Duration.ofHours(1)));

    static Check range(int min, int max) {
      return new Check("a whole number from " + min + " to " + max, text -> {
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
          throw new IllegalArgumentException();
        }
        return value;
      });
    }
  }

  private final String key;
  private final String environmentVariable;
  private final Flag flag;
  private final Check check;
  private final String defaultValue;
  private final boolean requiredInDeployment;
  private final String meaning;

  Setting(String key, String environmentVariable, Flag flag, Check check, String defaultValue,
      boolean requiredInDeployment, String meaning) {
    this.key = key;
    this.environmentVariable = environmentVariable;
    this.flag = flag;
    this.check = check;
    this.defaultValue = defaultValue;
    this.requiredInDeployment = requiredInDeployment;
    this.meaning = meaning;
  }

  private static Flag flag(String name, String label, Use use) {
    return new Flag(name, label, use);
  }

  public String key() {
    return key;
  }

  public String environmentVariable() {
    return environmentVariable;
  }

  /** The flag, or null when the setting has none (secrets, provider settings: environment or file only). */
  public Flag flag() {
    return flag;
  }

  Check check() {
    return check;
  }

  /** The default as text, or null when unset means off or derived (see {@link #meaning()}). */
  public String defaultValue() {
    return defaultValue;
  }

  /** Whether a deployment (compose, Kubernetes) must set it: the defaults suit only a laptop. */
  public boolean requiredInDeployment() {
    return requiredInDeployment;
  }

  public String meaning() {
    return meaning;
  }

  /** A flag's help: meaning, environment variable and default, from this one declaration. */
  public String help() {
    return meaning + " (env " + environmentVariable + (defaultValue != null ? "; default " + defaultValue : "") + ").";
  }

  private static final Map<String, Setting> BY_KEY = Stream.of(values())
      .collect(Collectors.toUnmodifiableMap(Setting::key, s -> s));

  /** The setting of a config-file key, or null. */
  public static Setting byKey(String key) {
    return BY_KEY.get(key);
  }
}
