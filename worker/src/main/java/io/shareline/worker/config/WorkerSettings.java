package io.shareline.worker.config;

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
    Map<String, String> hadoop) {

  public static final String DEFAULT_DATA_DIR = "./shareline-data";
  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  public static final String DEFAULT_NAMESPACE = "default";
  public static final int DEFAULT_PORT = 7233;
  public static final int DEFAULT_MAX_CONCURRENT_ACTIVITIES = 4;

  /** Keys of the config file and the environment variable each one may also come from. */
  static final Map<String, String> KEYS = Map.of(
      "data-dir", "SHARELINE_DATA_DIR",
      "temporal.address", "TEMPORAL_ADDRESS",
      "temporal.namespace", "TEMPORAL_NAMESPACE",
      "port", "SHARELINE_TEMPORAL_PORT",
      "max-concurrent-activities", "SHARELINE_MAX_CONCURRENT_ACTIVITIES");

  /** Config key to the environment variable it may come from; deploy/ is checked against these names. */
  public static Map<String, String> environmentVariables() {
    return KEYS;
  }

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
    return new WorkerSettings(dataDir, address, namespace, port, slots, hadoop);
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
