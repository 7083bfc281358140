package io.shareline.worker.config;

import io.shareline.client.TemporalTarget;
import io.shareline.provider.databricks.DatabricksSettings;
import io.shareline.provider.snowflake.SnowflakeSettings;
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
import java.util.stream.Stream;

/**
 * A worker's settings, resolved once at start: a flag wins over the environment, which wins over the
 * optional config file ({@code --config}, Java properties), which wins over the default. Unknown
 * keys and malformed values fail the start with a message that names the key and where it came from.
 * {@link Setting} is the one list of keys, environment variables, flags and defaults; deploy files are checked
 * against it.
 *
 * @param port the embedded server's port (worker --embedded, demo, deliver)
 * @param hadoop extra Hadoop settings ({@code hadoop.*} keys of the file, e.g. {@code hadoop.fs.s3a.endpoint})
 * @param databricks the Databricks workspace, or null when {@code databricks.host} is not set
 * @param sharing the Delta Sharing server and token recipients of the local provider
 * @param snowflake the Snowflake provider account, or null when {@code snowflake.account} is not set
 */
public record WorkerSettings(String dataDir, int port, TemporalTarget temporal, WorkerTuning tuning,
    CodecSettings codec, MetricsSettings metrics, Map<String, String> hadoop, DatabricksSettings databricks,
    SharingSettings sharing, Snowflake snowflake) {

  /** The Snowflake account and where its external stages find the data folder (null: derived from data-dir). */
  public record Snowflake(SnowflakeSettings settings, String stageUrl) {}

  public WorkerSettings(String dataDir, int port, TemporalTarget temporal, WorkerTuning tuning, CodecSettings codec,
      MetricsSettings metrics, Map<String, String> hadoop, DatabricksSettings databricks, SharingSettings sharing) {
    this(dataDir, port, temporal, tuning, codec, metrics, hadoop, databricks, sharing, null);
  }

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

  /** Secrets by value come from the environment only; a file key names a file that holds one. */
  static final String TOKEN_ENV = "DATABRICKS_TOKEN";
  static final String CLIENT_SECRET_ENV = "DATABRICKS_CLIENT_SECRET";
  static final String SNOWFLAKE_KEY_ENV = "SNOWFLAKE_PRIVATE_KEY";

  /** Config key to environment variable, for every setting the worker reads from the environment. */
  public static Map<String, String> environmentVariables() {
    Map<String, String> variables = new LinkedHashMap<>();
    for (Setting setting : Setting.values()) {
      variables.put(setting.key(), setting.environmentVariable());
    }
    // environment only, never a config key: secrets stay out of files
    variables.put("databricks.token", TOKEN_ENV);
    variables.put("databricks.client-secret", CLIENT_SECRET_ENV);
    variables.put("snowflake.private-key", SNOWFLAKE_KEY_ENV);
    return Collections.unmodifiableMap(variables);
  }

  /** The environment variables a deployment (compose, Kubernetes) must set. */
  public static Set<String> requiredEnvironmentVariables() {
    return Stream.of(Setting.values()).filter(Setting::requiredInDeployment).map(Setting::environmentVariable)
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
      } else if (Setting.byKey(key) == null) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown key(s) " + unknown + " in " + flags.configFile()
          + "; known: " + Stream.of(Setting.values()).map(Setting::key).collect(Collectors.toCollection(TreeSet::new))
          + " and hadoop.*");
    }
    Resolver r = new Resolver(flags.values(), env, file, flags.configFile());
    String dataDir = r.text(Setting.DATA_DIR);
    int port = r.integer(Setting.PORT);
    SharingSettings sharing = SharingSettings.resolve(r);
    return new WorkerSettings(dataDir, port, temporal(r), WorkerTuning.resolve(r), CodecSettings.resolve(r),
        MetricsSettings.resolve(r), hadoop, databricks(r, env, sharing.activationOutbox()), sharing, snowflake(r, env));
  }

  /** The Snowflake provider account, when {@code snowflake.account} is set; the key never from the config file. */
  private static Snowflake snowflake(Resolver r, Map<String, String> env) {
    String account = r.text(Setting.SNOWFLAKE_ACCOUNT);
    if (account == null) {
      return null;
    }
    String key = secret(env.get(SNOWFLAKE_KEY_ENV), r.text(Setting.SNOWFLAKE_PRIVATE_KEY_FILE), SNOWFLAKE_KEY_ENV);
    String api = r.text(Setting.SNOWFLAKE_API_URL);
    return new Snowflake(new SnowflakeSettings(account, r.text(Setting.SNOWFLAKE_USER), key, r.text(Setting.SNOWFLAKE_ROLE),
        r.text(Setting.SNOWFLAKE_WAREHOUSE), r.text(Setting.SNOWFLAKE_STORAGE_INTEGRATION),
        api == null ? null : java.net.URI.create(api), null, r.duration(Setting.SNOWFLAKE_POLL_DEADLINE)),
        r.text(Setting.SNOWFLAKE_STAGE_URL));
  }

  /** The Databricks workspace, when {@code databricks.host} is set; secrets never from the config file. */
  private static DatabricksSettings databricks(Resolver r, Map<String, String> env, String outbox) {
    String host = r.text(Setting.DATABRICKS_HOST);
    if (host == null) {
      return null;
    }
    String token = secret(env.get(TOKEN_ENV), r.text(Setting.DATABRICKS_TOKEN_FILE), TOKEN_ENV);
    String clientId = r.text(Setting.DATABRICKS_CLIENT_ID);
    String clientSecret = secret(env.get(CLIENT_SECRET_ENV), r.text(Setting.DATABRICKS_CLIENT_SECRET_FILE),
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
    Integer days = r.integer(Setting.DATABRICKS_TOKEN_LIFETIME_DAYS);
    Integer maxTables = r.integer(Setting.DATABRICKS_MAX_TABLES_PER_SHARE);
    return new DatabricksSettings(host, r.text(Setting.DATABRICKS_CATALOG), r.text(Setting.DATABRICKS_STORAGE_ROOT),
        r.text(Setting.DATABRICKS_WAREHOUSE_ID), auth, days == null ? null : Duration.ofDays(days),
        maxTables == null ? 0 : maxTables, outbox);
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
    String address = r.text(Setting.TEMPORAL_ADDRESS);
    String namespace = r.text(Setting.TEMPORAL_NAMESPACE);
    TemporalTarget.Tls files = new TemporalTarget.Tls(r.path(Setting.TEMPORAL_TLS_CERT),
        r.path(Setting.TEMPORAL_TLS_KEY), r.path(Setting.TEMPORAL_TLS_CA), r.text(Setting.TEMPORAL_TLS_SERVER_NAME));
    try {
      return TemporalTarget.resolve(address, namespace, r.bool(Setting.TEMPORAL_TLS), files,
          r.text(Setting.TEMPORAL_API_KEY));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Temporal connection: " + e.getMessage() + " (temporal.tls "
          + r.origin(Setting.TEMPORAL_TLS) + ", temporal.tls-cert " + r.origin(Setting.TEMPORAL_TLS_CERT)
          + ", temporal.tls-key " + r.origin(Setting.TEMPORAL_TLS_KEY) + ")", e);
    }
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

  /**
   * Reads one setting through flag, environment, file, default, and checks it as its declaration says; every
   * failure names the key and where the value came from.
   */
  record Resolver(Map<String, String> flags, Map<String, String> env, Properties file, Path configFile) {

    /** The given text, or null when no source has one (the default is not applied). */
    String given(Setting setting) {
      String value = flags.get(setting.key()) != null ? flags.get(setting.key())
          : env.get(setting.environmentVariable()) != null ? env.get(setting.environmentVariable())
          : file.getProperty(setting.key());
      if (value != null && value.isBlank()) {
        throw new IllegalArgumentException(setting.key() + " is empty (" + origin(setting) + ")");
      }
      return value == null ? null : value.trim();
    }

    /** The checked value, the default when none is given, or null when neither. */
    Object value(Setting setting) {
      String text = given(setting);
      if (text == null) {
        text = setting.defaultValue();
      }
      if (text == null) {
        return null;
      }
      try {
        return setting.check().parse().apply(text);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(setting.key() + " must be " + setting.check().expected() + ", got '" + text
            + "' (" + origin(setting) + ")");
      }
    }

    String text(Setting setting) {
      return (String) value(setting);
    }

    Integer integer(Setting setting) {
      return (Integer) value(setting);
    }

    Boolean bool(Setting setting) {
      return (Boolean) value(setting);
    }

    Duration duration(Setting setting) {
      return (Duration) value(setting);
    }

    Path path(Setting setting) {
      String value = text(setting);
      return value == null ? null : Path.of(value);
    }

    String origin(Setting setting) {
      if (flags.get(setting.key()) != null) {
        return "from the " + setting.flag().name() + " flag";
      }
      if (env.get(setting.environmentVariable()) != null) {
        return "from environment variable " + setting.environmentVariable();
      }
      if (file.getProperty(setting.key()) != null) {
        return "from " + configFile;
      }
      return "default";
    }
  }
}
