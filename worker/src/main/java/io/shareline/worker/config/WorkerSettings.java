package io.shareline.worker.config;

import io.shareline.provider.databricks.DatabricksSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * A worker's settings, resolved once at start: a flag wins over the environment, which wins over the
 * optional config file ({@code --config}, Java properties), which wins over the default. Unknown
 * keys and malformed values fail the start with a message that names the key and where it came from.
 *
 * @param hadoop extra Hadoop settings ({@code hadoop.*} keys of the file, e.g. {@code hadoop.fs.s3a.endpoint})
 */
public record WorkerSettings(String dataDir, String address, String namespace, int port, int maxConcurrentActivities,
    Map<String, String> hadoop, DatabricksSettings databricks) {

  /** Without a Databricks workspace: only the local provider. */
  public WorkerSettings(String dataDir, String address, String namespace, int port, int maxConcurrentActivities,
      Map<String, String> hadoop) {
    this(dataDir, address, namespace, port, maxConcurrentActivities, hadoop, null);
  }

  public static final String DEFAULT_DATA_DIR = "./shareline-data";
  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  public static final String DEFAULT_NAMESPACE = "default";
  public static final int DEFAULT_PORT = 7233;
  public static final int DEFAULT_MAX_CONCURRENT_ACTIVITIES = 4;

  /** Keys of the config file and the environment variable each one may also come from. */
  static final Map<String, String> KEYS = Map.ofEntries(
      Map.entry("data-dir", "SHARELINE_DATA_DIR"),
      Map.entry("temporal.address", "TEMPORAL_ADDRESS"),
      Map.entry("temporal.namespace", "TEMPORAL_NAMESPACE"),
      Map.entry("port", "SHARELINE_TEMPORAL_PORT"),
      Map.entry("max-concurrent-activities", "SHARELINE_MAX_CONCURRENT_ACTIVITIES"),
      Map.entry("databricks.host", "SHARELINE_DATABRICKS_HOST"),
      Map.entry("databricks.catalog", "SHARELINE_DATABRICKS_CATALOG"),
      Map.entry("databricks.storage-root", "SHARELINE_DATABRICKS_STORAGE_ROOT"),
      Map.entry("databricks.warehouse-id", "SHARELINE_DATABRICKS_WAREHOUSE_ID"),
      Map.entry("databricks.client-id", "DATABRICKS_CLIENT_ID"),
      Map.entry("databricks.token-file", "SHARELINE_DATABRICKS_TOKEN_FILE"),
      Map.entry("databricks.client-secret-file", "SHARELINE_DATABRICKS_CLIENT_SECRET_FILE"),
      Map.entry("databricks.activation-outbox", "SHARELINE_DATABRICKS_ACTIVATION_OUTBOX"),
      Map.entry("databricks.token-lifetime-days", "SHARELINE_DATABRICKS_TOKEN_LIFETIME_DAYS"),
      Map.entry("databricks.max-tables-per-share", "SHARELINE_DATABRICKS_MAX_TABLES_PER_SHARE"));

  /** Secrets by value come from the environment only; a file key names a file that holds one. */
  static final String TOKEN_ENV = "DATABRICKS_TOKEN";
  static final String CLIENT_SECRET_ENV = "DATABRICKS_CLIENT_SECRET";

  /** Values given as flags (null when not given). */
  public record Flags(String dataDir, String address, String namespace, Integer port, Integer maxConcurrentActivities,
      Path configFile) {}

  public static WorkerSettings resolve(Flags flags, Map<String, String> environment) {
    // An empty variable counts as unset, as in the client commands.
    Map<String, String> env = new java.util.HashMap<>();
    environment.forEach((k, v) -> {
      if (v != null && !v.isBlank()) {
        env.put(k, v);
      }
    });
    Properties file = load(flags.configFile());
    Set<String> unknown = new java.util.TreeSet<>();
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
          + "; known: " + new java.util.TreeSet<>(KEYS.keySet()) + " and hadoop.*");
    }
    Resolver r = new Resolver(file, env, flags.configFile());
    String dataDir = r.string("data-dir", flags.dataDir(), DEFAULT_DATA_DIR);
    String address = r.string("temporal.address", flags.address(), DEFAULT_ADDRESS);
    if (!address.matches("[^\\s:]+:\\d{1,5}")) {
      throw new IllegalArgumentException("Temporal address '" + address + "' (" + r.origin("temporal.address",
          flags.address()) + ") is not host:port");
    }
    String namespace = r.string("temporal.namespace", flags.namespace(), DEFAULT_NAMESPACE);
    int port = r.integer("port", flags.port(), DEFAULT_PORT, 0, 65535);
    int slots = r.integer("max-concurrent-activities", flags.maxConcurrentActivities(),
        DEFAULT_MAX_CONCURRENT_ACTIVITIES, 1, 1000);
    return new WorkerSettings(dataDir, address, namespace, port, slots, hadoop, databricks(r, env));
  }

  /** The Databricks workspace, when {@code databricks.host} is set; secrets never from the config file. */
  private static DatabricksSettings databricks(Resolver r, Map<String, String> env) {
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
    String days = r.optional("databricks.token-lifetime-days");
    String maxTables = r.optional("databricks.max-tables-per-share");
    return new DatabricksSettings(host, r.optional("databricks.catalog"), r.optional("databricks.storage-root"),
        r.optional("databricks.warehouse-id"), auth, days == null ? null : java.time.Duration.ofDays(
            r.integer("databricks.token-lifetime-days", null, 90, 1, 365)),
        maxTables == null ? 0 : r.integer("databricks.max-tables-per-share", null, 1000, 1, 1000),
        r.optional("databricks.activation-outbox"));
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

  private record Resolver(Properties file, Map<String, String> env, Path configFile) {
    /** The value from the environment or the file, or null when neither sets it. */
    String optional(String key) {
      String value = env.get(KEYS.get(key)) != null ? env.get(KEYS.get(key)) : file.getProperty(key);
      return value == null || value.isBlank() ? null : value.trim();
    }

    String string(String key, String flag, String fallback) {
      String value = flag != null ? flag : env.get(KEYS.get(key)) != null ? env.get(KEYS.get(key))
          : file.getProperty(key) != null ? file.getProperty(key).trim() : fallback;
      if (value.isBlank()) {
        throw new IllegalArgumentException(key + " is empty (" + origin(key, flag) + ")");
      }
      return value;
    }

    int integer(String key, Integer flag, int fallback, int min, int max) {
      String text = string(key, flag == null ? null : flag.toString(), Integer.toString(fallback));
      try {
        int value = Integer.parseInt(text.trim());
        if (value < min || value > max) {
          throw new NumberFormatException();
        }
        return value;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max
            + ", got '" + text + "' (" + origin(key, flag == null ? null : flag.toString()) + ")");
      }
    }

    String origin(String key, String flag) {
      if (flag != null) {
        return "from the --" + key.replace("temporal.", "") + " flag";
      }
      if (env.get(KEYS.get(key)) != null) {
        return "from environment variable " + KEYS.get(key);
      }
      if (file.getProperty(key) != null) {
        return "from " + configFile;
      }
      return "default";
    }
  }
}
