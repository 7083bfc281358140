package io.shareline.worker.config;

import io.shareline.client.TemporalTarget;
import io.shareline.provider.databricks.DatabricksSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A worker's settings, resolved once at start: a flag wins over the environment, which wins over the
 * optional config file ({@code --config}, Java properties), which wins over the default. Unknown
 * keys and malformed values fail the start with a message that names the key and where it came from.
 * {@link #KEYS} is the one list of keys and environment variables; deploy files are checked against it.
 *
 * @param port the embedded server's port (worker --embedded, demo, deliver)
 * @param hadoop extra Hadoop settings ({@code hadoop.*} keys of the file, e.g. {@code hadoop.fs.s3a.endpoint})
 * @param databricks the Databricks workspace, or null when {@code databricks.host} is not set
 * @param sharing the Delta Sharing server and token recipients of the local provider
 */
public record WorkerSettings(String dataDir, int port, TemporalTarget temporal, WorkerTuning tuning,
    CodecSettings codec, MetricsSettings metrics, Map<String, String> hadoop, DatabricksSettings databricks,
    SharingSettings sharing) {

  public WorkerSettings(String dataDir, int port, TemporalTarget temporal, WorkerTuning tuning, CodecSettings codec,
      MetricsSettings metrics, Map<String, String> hadoop, DatabricksSettings databricks) {
    this(dataDir, port, temporal, tuning, codec, metrics, hadoop, databricks, SharingSettings.defaults());
  }

  /** Without a Databricks workspace: only the local provider. */
  public WorkerSettings(String dataDir, int port, TemporalTarget temporal, WorkerTuning tuning, CodecSettings codec,
      MetricsSettings metrics, Map<String, String> hadoop) {
    this(dataDir, port, temporal, tuning, codec, metrics, hadoop, null);
  }

  public static final String DEFAULT_DATA_DIR = "./shareline-data";
  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  public static final String DEFAULT_NAMESPACE = "default";
  public static final int DEFAULT_PORT = 7233;
  public static final String LOOPBACK = "127.0.0.1";
  /** Where the Temporal Web UI runs by default; its browser calls the codec endpoint from there. */
  public static final String DEFAULT_CODEC_CORS_ORIGIN = "http://localhost:8080";

  /** Config key, environment variable, and whether a deployment must set it (the defaults suit only a laptop). */
  public record Key(String name, String environmentVariable, boolean requiredInDeployment, String meaning) {}

  /** Every key of the config file, in documentation order. */
  public static final Map<String, Key> KEYS = keys(
      new Key("data-dir", "SHARELINE_DATA_DIR", true, "data folder (Delta tables, staging, ledger, provider state)"),
      new Key("temporal.address", "TEMPORAL_ADDRESS", true, "Temporal frontend host:port"),
      new Key("temporal.namespace", "TEMPORAL_NAMESPACE", true, "Temporal namespace"),
      new Key("temporal.tls", "TEMPORAL_TLS", false, "true: TLS even without certificate files (default: TLS when a"
          + " TLS file or an API key is given)"),
      new Key("temporal.tls-cert", "TEMPORAL_TLS_CERT", false, "PEM client certificate for mTLS"),
      new Key("temporal.tls-key", "TEMPORAL_TLS_KEY", false, "PEM PKCS#8 key of the client certificate"),
      new Key("temporal.tls-ca", "TEMPORAL_TLS_CA", false, "PEM CA bundle to trust for the server (default: JVM's)"),
      new Key("temporal.tls-server-name", "TEMPORAL_TLS_SERVER_NAME", false, "server name to verify, if not the host"),
      new Key("temporal.api-key", "TEMPORAL_API_KEY", false, "API key (bearer token; implies TLS)"),
      new Key("port", "SHARELINE_TEMPORAL_PORT", false, "port of the embedded Temporal server"),
      new Key("max-concurrent-activities", "SHARELINE_MAX_CONCURRENT_ACTIVITIES", false, "activity slots"),
      new Key("max-concurrent-workflow-tasks", "SHARELINE_MAX_CONCURRENT_WORKFLOW_TASKS", false, "workflow task slots"),
      new Key("activity-pollers", "SHARELINE_ACTIVITY_POLLERS", false, "activity task pollers"),
      new Key("workflow-pollers", "SHARELINE_WORKFLOW_POLLERS", false, "workflow task pollers"),
      new Key("workflow-cache-size", "SHARELINE_WORKFLOW_CACHE_SIZE", false, "cached workflow executions (0: none)"),
      new Key("shutdown-grace", "SHARELINE_SHUTDOWN_GRACE", false, "how long running activities may finish on SIGTERM"),
      new Key("codec.keys", "SHARELINE_CODEC_KEYS", false, "payload encryption keys id:base64[,id:base64...], first"
          + " encrypts"),
      new Key("codec.key-file", "SHARELINE_CODEC_KEY_FILE", false, "file with one id:base64 key per line, first"
          + " encrypts"),
      new Key("codec-server.port", "SHARELINE_CODEC_PORT", false, "port of the Web UI codec endpoint (off when unset)"),
      new Key("codec-server.host", "SHARELINE_CODEC_HOST", false, "interface of the codec endpoint"),
      new Key("codec-server.token", "SHARELINE_CODEC_TOKEN", false, "bearer token the codec endpoint requires"),
      new Key("codec-server.cors-origin", "SHARELINE_CODEC_CORS_ORIGIN", false, "Web UI origin allowed to call it"),
      new Key("metrics.port", "SHARELINE_METRICS_PORT", false, "port of /metrics and /health (off when unset)"),
      new Key("metrics.host", "SHARELINE_METRICS_HOST", false, "interface of /metrics and /health"),
      new Key("databricks.host", "SHARELINE_DATABRICKS_HOST", false, "Databricks workspace URL (provider databricks"
          + " on when set)"),
      new Key("databricks.catalog", "SHARELINE_DATABRICKS_CATALOG", false, "Unity Catalog catalog of the schemas"),
      new Key("databricks.storage-root", "SHARELINE_DATABRICKS_STORAGE_ROOT", false, "s3:// root of the tables"),
      new Key("databricks.warehouse-id", "SHARELINE_DATABRICKS_WAREHOUSE_ID", false, "SQL warehouse that creates the tables"),
      new Key("databricks.client-id", "DATABRICKS_CLIENT_ID", false, "OAuth M2M service principal id"),
      new Key("databricks.token-file", "SHARELINE_DATABRICKS_TOKEN_FILE", false, "file holding the PAT"),
      new Key("databricks.client-secret-file", "SHARELINE_DATABRICKS_CLIENT_SECRET_FILE", false,
          "file holding the service principal's secret"),
      new Key("databricks.activation-outbox", "SHARELINE_DATABRICKS_ACTIVATION_OUTBOX", false,
          "former name of activation-outbox, still read when that is unset"),
      new Key("databricks.token-lifetime-days", "SHARELINE_DATABRICKS_TOKEN_LIFETIME_DAYS", false,
          "token recipients' credential lifetime, 1-365 days"),
      new Key("databricks.max-tables-per-share", "SHARELINE_DATABRICKS_MAX_TABLES_PER_SHARE", false,
          "fail SHARE before a share holds more tables (at most 1000)"),
      new Key("activation-outbox", "SHARELINE_ACTIVATION_OUTBOX", false, "directory or https:// webhook that receives"
          + " token recipients' activation links, every provider (embedded default: <data-dir>/activation-outbox)"),
      new Key("sharing.endpoint", "SHARELINE_SHARING_ENDPOINT", false, "public URL of the Delta Sharing server,"
          + " ending in /delta-sharing (embedded default: the embedded server on 127.0.0.1)"),
      new Key("sharing.verify-endpoint", "SHARELINE_SHARING_VERIFY_ENDPOINT", false, "URL a worker reads the shares"
          + " through at VERIFY when it reaches the sharing server otherwise than recipients (default: sharing.endpoint)"),
      new Key("sharing.port", "SHARELINE_SHARING_PORT", false, "port of the embedded or standalone sharing server"
          + " (default " + SharingSettings.DEFAULT_PORT + "; 0 picks a free one)"),
      new Key("sharing.host", "SHARELINE_SHARING_HOST", false, "interface the sharing server listens on"),
      new Key("sharing.token-lifetime-days", "SHARELINE_SHARING_TOKEN_LIFETIME_DAYS", false,
          "local token recipients' token lifetime, 1-365 days (default 90)"),
      new Key("sharing.requests-per-second", "SHARELINE_SHARING_REQUESTS_PER_SECOND", false,
          "per-token rate limit of the sharing server (0: none; default 50)"));

  /** Secrets by value come from the environment only; a file key names a file that holds one. */
  static final String TOKEN_ENV = "DATABRICKS_TOKEN";
  static final String CLIENT_SECRET_ENV = "DATABRICKS_CLIENT_SECRET";

  /** Config key to environment variable, for every setting the worker reads from the environment. */
  public static Map<String, String> environmentVariables() {
    Map<String, String> variables = new LinkedHashMap<>();
    KEYS.values().forEach(key -> variables.put(key.name(), key.environmentVariable()));
    // environment only, never a config key: secrets stay out of files
    variables.put("databricks.token", TOKEN_ENV);
    variables.put("databricks.client-secret", CLIENT_SECRET_ENV);
    return Collections.unmodifiableMap(variables);
  }

  /** The environment variables a deployment (compose, Kubernetes) must set. */
  public static Set<String> requiredEnvironmentVariables() {
    return KEYS.values().stream().filter(Key::requiredInDeployment).map(Key::environmentVariable)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Values given as flags, by config key (absent when not given), and the optional config file. */
  public record Flags(Map<String, String> values, Path configFile) {
    public Flags {
      values = Map.copyOf(values);
    }

    public static Flags none() {
      return new Flags(Map.of(), null);
    }

    public static Flags configFileOnly(Path configFile) {
      return new Flags(Map.of(), configFile);
    }
  }

  public String address() {
    return temporal.address();
  }

  public String namespace() {
    return temporal.namespace();
  }

  public static WorkerSettings resolve(Flags flags, Map<String, String> environment) {
    // An empty variable counts as unset, as in the client commands.
    Map<String, String> env = new HashMap<>();
    environment.forEach((k, v) -> {
      if (v != null && !v.isBlank()) {
        env.put(k, v);
      }
    });
    Properties file = load(flags.configFile());
    Set<String> unknown = new TreeSet<>();
    Map<String, String> hadoop = new TreeMap<>();
    for (String key : file.stringPropertyNames()) {
      if (key.startsWith("hadoop.")) {
        hadoop.put(key.substring("hadoop.".length()), file.getProperty(key).trim());
      } else if (!KEYS.containsKey(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown key(s) " + unknown + " in " + flags.configFile()
          + "; known: " + new TreeSet<>(KEYS.keySet()) + " and hadoop.*");
    }
    Resolver r = new Resolver(flags.values(), env, file, flags.configFile());
    String dataDir = r.string("data-dir", DEFAULT_DATA_DIR);
    int port = r.integer("port", DEFAULT_PORT, 0, 65535);
    SharingSettings sharing = SharingSettings.resolve(r);
    return new WorkerSettings(dataDir, port, temporal(r), WorkerTuning.resolve(r), CodecSettings.resolve(r),
        MetricsSettings.resolve(r), hadoop, databricks(r, env, sharing.activationOutbox()), sharing);
  }

  /** The Databricks workspace, when {@code databricks.host} is set; secrets never from the config file. */
  private static DatabricksSettings databricks(Resolver r, Map<String, String> env, String outbox) {
    String host = r.optional("databricks.host");
    if (host == null) {
      return null;
    }
    String token = secret(env.get(TOKEN_ENV), r.optional("databricks.token-file"), TOKEN_ENV);
    String clientId = r.optional("databricks.client-id");
    String clientSecret = secret(env.get(CLIENT_SECRET_ENV), r.optional("databricks.client-secret-file"),
        CLIENT_SECRET_ENV);
    DatabricksSettings.Auth auth;
    if (clientId != null && clientSecret != null) {
      auth = new DatabricksSettings.ServicePrincipal(clientId, clientSecret);
    } else if (token != null) {
      auth = new DatabricksSettings.Pat(token);
    } else {
      throw new IllegalArgumentException("databricks.host is set but no credentials: set " + TOKEN_ENV
          + " (or databricks.token-file), or databricks.client-id with " + CLIENT_SECRET_ENV
          + " (or databricks.client-secret-file)");
    }
    Integer days = r.optionalInteger("databricks.token-lifetime-days", 1, 365);
    return new DatabricksSettings(host, r.optional("databricks.catalog"), r.optional("databricks.storage-root"),
        r.optional("databricks.warehouse-id"), auth, days == null ? null : Duration.ofDays(days),
        r.integer("databricks.max-tables-per-share", 0, 1, 1000), outbox);
  }

  private static String secret(String fromEnv, String file, String envName) {
    if (fromEnv != null) {
      return fromEnv.trim();
    }
    if (file == null) {
      return null;
    }
    try {
      String value = Files.readString(Path.of(file)).trim();
      if (value.isEmpty()) {
        throw new IllegalArgumentException("secret file " + file + " (for " + envName + ") is empty");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read secret file " + file + " (for " + envName + "): "
          + e.getClass().getSimpleName());
    }
  }

  private static TemporalTarget temporal(Resolver r) {
    String address = r.string("temporal.address", DEFAULT_ADDRESS);
    if (!address.matches("[^\\s:]+:\\d{1,5}")) {
      throw new IllegalArgumentException("Temporal address '" + address + "' (" + r.origin("temporal.address")
          + ") is not host:port");
    }
    String namespace = r.string("temporal.namespace", DEFAULT_NAMESPACE);
    Path cert = r.path("temporal.tls-cert");
    Path key = r.path("temporal.tls-key");
    Path ca = r.path("temporal.tls-ca");
    String serverName = r.optional("temporal.tls-server-name");
    String apiKey = r.optional("temporal.api-key");
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException("temporal.tls-cert and temporal.tls-key go together (TEMPORAL_TLS_CERT and"
          + " TEMPORAL_TLS_KEY): only " + (cert != null ? "the certificate (" + r.origin("temporal.tls-cert")
          : "the key (" + r.origin("temporal.tls-key")) + ") was given");
    }
    boolean anyTls = cert != null || ca != null || serverName != null || apiKey != null;
    String tlsFlag = r.optional("temporal.tls");
    boolean tls = tlsFlag == null ? anyTls : r.bool("temporal.tls", tlsFlag);
    if (!tls && anyTls) {
      throw new IllegalArgumentException("temporal.tls is false (" + r.origin("temporal.tls") + ") but TLS files or"
          + " an API key are set; an API key is never sent in plaintext");
    }
    return new TemporalTarget(address, namespace,
        tls ? new TemporalTarget.Tls(cert, key, ca, serverName) : null, apiKey);
  }

  private static Properties load(Path configFile) {
    Properties p = new Properties();
    if (configFile == null) {
      return p;
    }
    if (!Files.isRegularFile(configFile)) {
      throw new IllegalArgumentException("config file " + configFile + " does not exist");
    }
    try (InputStream in = Files.newInputStream(configFile)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + configFile + ": " + e.getMessage());
    }
    return p;
  }

  private static Map<String, Key> keys(Key... keys) {
    Map<String, Key> byName = new LinkedHashMap<>();
    for (Key key : keys) {
      byName.put(key.name(), key);
    }
    return Collections.unmodifiableMap(byName);
  }

  /** Reads one key through flag, environment, file; every failure names the key and where the value came from. */
  record Resolver(Map<String, String> flags, Map<String, String> env, Properties file, Path configFile) {

    /** The given value, or null when no source has one. */
    String optional(String key) {
      String variable = KEYS.get(key).environmentVariable();
      String value = flags.get(key) != null ? flags.get(key) : env.get(variable) != null ? env.get(variable)
          : file.getProperty(key) != null ? file.getProperty(key).trim() : null;
      if (value != null && value.isBlank()) {
        throw new IllegalArgumentException(key + " is empty (" + origin(key) + ")");
      }
      return value == null ? null : value.trim();
    }

    String string(String key, String fallback) {
      String value = optional(key);
      return value != null ? value : fallback;
    }

    Path path(String key) {
      String value = optional(key);
      return value == null ? null : Path.of(value);
    }

    int integer(String key, int fallback, int min, int max) {
      Integer value = optionalInteger(key, min, max);
      return value != null ? value : fallback;
    }

    Integer optionalInteger(String key, int min, int max) {
      String text = optional(key);
      if (text == null) {
        return null;
      }
      try {
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
          throw new NumberFormatException();
        }
        return value;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max
            + ", got '" + text + "' (" + origin(key) + ")");
      }
    }

    boolean bool(String key, String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "1" -> true;
        case "false", "no", "0" -> false;
        default -> throw new IllegalArgumentException(key + " must be true or false, got '" + text + "' ("
            + origin(key) + ")");
      };
    }

    /** A duration as {@code 30s}, {@code 2m}, {@code 500ms} or ISO-8601 ({@code PT30S}). */
    Duration duration(String key, Duration fallback, Duration max) {
      String text = optional(key);
      if (text == null) {
        return fallback;
      }
      try {
        Duration value = parseDuration(text);
        if (value.isNegative() || value.compareTo(max) > 0) {
          throw new IllegalArgumentException();
        }
        return value;
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw new IllegalArgumentException(key + " must be a duration from 0s to " + max.toSeconds()
            + "s such as 30s, 2m or 500ms, got '" + text + "' (" + origin(key) + ")");
      }
    }

    private static Duration parseDuration(String text) {
      String t = text.toLowerCase(Locale.ROOT);
      if (t.startsWith("pt")) {
        return Duration.parse(text);
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      if (t.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(t));
    }

    String origin(String key) {
      if (flags.get(key) != null) {
        return "from the " + WorkerOptions.flagName(key) + " flag";
      }
      if (env.get(KEYS.get(key).environmentVariable()) != null) {
        return "from environment variable " + KEYS.get(key).environmentVariable();
      }
      if (file.getProperty(key) != null) {
        return "from " + configFile;
      }
      return "default";
    }
  }
}
