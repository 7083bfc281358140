package io.shareline.provider.databricks;

import java.time.Duration;
import java.util.Objects;

/**
 * How the worker reaches one Databricks workspace. Secrets (token, client secret) come from the
 * environment or a secret file, are handed only to the SDK, and never appear in {@link #toString()}.
 *
 * @param host            workspace URL, e.g. {@code https://dbc-123.cloud.databricks.com}
 * @param catalog         the Unity Catalog catalog that holds one schema per connector
 * @param storageRoot     {@code s3://bucket/prefix}: every registered table lies below it
 * @param warehouseId     SQL warehouse that runs the VERIFY row counts
 * @param auth            personal access token or OAuth M2M service principal
 * @param tokenLifetime   lifetime of token-recipient credentials (at most 365 days)
 * @param maxTablesPerShare the share limit the provider refuses to cross (Databricks: 1,000)
 * @param outbox          where activation links go: a directory or an {@code http(s)://} webhook (null: none)
 */
public record DatabricksSettings(String host, String catalog, String storageRoot, String warehouseId, Auth auth,
    Duration tokenLifetime, int maxTablesPerShare, String outbox) {

  public static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(365);
  public static final int SHARE_TABLE_LIMIT = 1_000;

  public DatabricksSettings {
    require(host, "databricks.host");
    require(catalog, "databricks.catalog");
    require(storageRoot, "databricks.storage-root");
    require(warehouseId, "databricks.warehouse-id");
    Objects.requireNonNull(auth, "databricks auth: set a token or a client id and secret");
    if (!storageRoot.startsWith("s3://")) {
      throw new IllegalArgumentException("databricks.storage-root must be an s3:// URI, got " + storageRoot);
    }
    storageRoot = storageRoot.endsWith("/") ? storageRoot.substring(0, storageRoot.length() - 1) : storageRoot;
    tokenLifetime = tokenLifetime == null ? Duration.ofDays(90) : tokenLifetime;
    if (tokenLifetime.isNegative() || tokenLifetime.isZero() || tokenLifetime.compareTo(MAX_TOKEN_LIFETIME) > 0) {
      throw new IllegalArgumentException("databricks.token-lifetime-days must be from 1 to 365, got "
          + tokenLifetime.toDays());
    }
    maxTablesPerShare = maxTablesPerShare <= 0 ? SHARE_TABLE_LIMIT : maxTablesPerShare;
    if (maxTablesPerShare > SHARE_TABLE_LIMIT) {
      throw new IllegalArgumentException("databricks.max-tables-per-share must be at most " + SHARE_TABLE_LIMIT);
    }
  }

  /** Personal access token or OAuth machine-to-machine service principal; never printed. */
  public sealed interface Auth permits Pat, ServicePrincipal {
    /** Every secret value, so that messages can be scrubbed of them. */
    java.util.List<String> secrets();
  }

  public record Pat(String token) implements Auth {
    public Pat {
      require(token, "DATABRICKS_TOKEN");
    }

    @Override
    public java.util.List<String> secrets() {
      return java.util.List.of(token);
    }

    @Override
    public String toString() {
      return "Pat[token=***]";
    }
  }

  public record ServicePrincipal(String clientId, String clientSecret) implements Auth {
    public ServicePrincipal {
      require(clientId, "DATABRICKS_CLIENT_ID");
      require(clientSecret, "DATABRICKS_CLIENT_SECRET");
    }

    @Override
    public java.util.List<String> secrets() {
      return java.util.List.of(clientSecret);
    }

    @Override
    public String toString() {
      return "ServicePrincipal[clientId=" + clientId + ", clientSecret=***]";
    }
  }

  private static void require(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " is required for provider=databricks");
    }
  }
}
