package io.shareline.lakehouse;

import io.shareline.common.Failures;
import java.util.List;
import java.util.Locale;
import io.shareline.delta.NioLocalFileSystem;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Where everything lives under the worker's data folder (a local path or an {@code s3a://} prefix):
 * published tables under {@code lakehouse/<connector>/}, and the internal, never shared areas
 * ({@code staging/}, {@code internal/} for the ledger and schema registry, {@code provider/}).
 */
public final class Lakehouse {
  private final String dataDir;
  private final Configuration conf;

  public Lakehouse(String dataDir, Configuration conf) {
    this.dataDir = trimSlash(dataDir);
    this.conf = NioLocalFileSystem.use(conf);
  }

  public String dataDir() {
    return dataDir;
  }

  public Configuration conf() {
    return conf;
  }

  /** The connector's storage path: the folder holding its published Delta tables. */
  public String storagePath(String connectorId) {
    return join("lakehouse", connectorId);
  }

  public String tablePath(String connectorId, String table) {
    return join("lakehouse", connectorId, table);
  }

  public String stagingPath(String connectorId, String workflowId, String jobId) {
    return join("staging", connectorId, workflowId, jobId);
  }

  public String internalPath(String connectorId, String... parts) {
    String[] all = new String[parts.length + 2];
    all[0] = "internal";
    all[1] = connectorId;
    System.arraycopy(parts, 0, all, 2, parts.length);
    return join(all);
  }

  public String providerPath(String provider, String connectorId) {
    return join("provider", provider, connectorId + ".json");
  }

  public Path path(String location) {
    return new Path(location);
  }

  /** {@code wf_<id>__v<n>}: the workflow id lower-cased with anything but {@code [a-z0-9_]} as {@code _}. */
  public static String versionTable(String workflowId, int version) {
    return "wf_" + tableId(workflowId) + "__v" + version;
  }

  public static String latestTable(String workflowId) {
    return "wf_" + tableId(workflowId) + "__latest";
  }

  /**
   * Fails unless {@code workflowId} is the only one of {@code workflowIds} whose tables bear its names
   * ({@code My-Shop} and {@code my_shop} both make {@code wf_my_shop__…}): the rows of two workflows would land
   * in one table, and which workflow a table belongs to is never guessed.
   */
  public static void requireOwnTableNames(String workflowId, List<String> workflowIds) {
    String id = tableId(workflowId);
    List<String> sharing = workflowIds.stream()
        .filter(other -> !other.equals(workflowId) && tableId(other).equals(id)).toList();
    if (!sharing.isEmpty()) {
      throw Failures.SOURCE_INVALID_SCHEMA.failure("workflow folders " + workflowId + " and "
          + String.join(", ", sharing) + " would share the tables wf_" + id + "__…: rename all but one");
    }
  }

  static String tableId(String workflowId) {
    return workflowId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }

  private String join(String... parts) {
    StringBuilder sb = new StringBuilder(dataDir);
    for (String part : parts) {
      sb.append('/').append(part);
    }
    return sb.toString();
  }

  private static String trimSlash(String dir) {
    return dir.endsWith("/") && dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir;
  }
}
