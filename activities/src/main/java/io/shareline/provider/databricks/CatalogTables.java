package io.shareline.provider.databricks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.catalog.CreateSchema;
import com.databricks.sdk.service.catalog.SchemaInfo;
import com.databricks.sdk.service.catalog.TableInfo;
import com.databricks.sdk.service.catalog.TableType;
import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import java.util.Objects;

/**
 * A connector's schema and external Delta tables in Unity Catalog. Tables are created with SQL on the
 * warehouse (the GA path; Unity Catalog takes the columns from the Delta log) and read back through
 * the REST API, which must show them EXTERNAL at the expected location: a table of the same name
 * elsewhere is someone else's.
 */
final class CatalogTables {
  private final WorkspaceClient client;
  private final DatabricksErrors errors;
  private final SqlWarehouse warehouse;
  private final String storageRoot;

  CatalogTables(WorkspaceClient client, DatabricksErrors errors, SqlWarehouse warehouse, String storageRoot) {
    this.client = client;
    this.errors = errors;
    this.warehouse = warehouse;
    this.storageRoot = storageRoot;
  }

  void ensureSchema(String catalog, String schema, String comment) {
    String full = catalog + "." + schema;
    CreateSchema wanted = new CreateSchema().setCatalogName(catalog).setName(schema).setComment(comment);
    if (errors.create("create schema " + full, () -> client.schemas().create(wanted)).isPresent()) {
      return;
    }
    SchemaInfo existing = errors.call("read schema " + full, () -> client.schemas().get(full));
    if (!comment.equals(existing.getComment())) {
      throw DatabricksErrors.conflict("schema " + full, "its comment is '" + existing.getComment() + "'");
    }
  }

  /** Registers the external table unless it exists; whether it existed. Either way it must be ours. */
  boolean ensureTable(String full, String location, String comment) {
    boolean exists = Boolean.TRUE.equals(errors.call("check table " + full, () -> client.tables().exists(full))
        .getTableExists());
    if (!exists) {
      warehouse.run("create table " + full, "CREATE TABLE IF NOT EXISTS " + SqlWarehouse.quoted(full)
          + " USING DELTA LOCATION " + SqlWarehouse.literal(location) + " COMMENT " + SqlWarehouse.literal(comment));
    }
    TableInfo existing = errors.call("read table " + full, () -> client.tables().get(full));
    if (existing.getTableType() != TableType.EXTERNAL || !sameLocation(location, existing.getStorageLocation())) {
      throw DatabricksErrors.conflict("table " + full, "it is " + existing.getTableType() + " at "
          + existing.getStorageLocation() + ", expected EXTERNAL at " + location);
    }
    return exists;
  }

  /** Unity Catalog reads the table's Delta log again: its columns follow a replaced table's new schema. */
  void syncMetadata(String full) {
    warehouse.run("sync the metadata of " + full, "REPAIR TABLE " + SqlWarehouse.quoted(full) + " SYNC METADATA");
  }

  long countRows(String full) {
    return warehouse.singleNumber("row count of " + full, "SELECT COUNT(*) FROM " + SqlWarehouse.quoted(full));
  }

  /** Drops the table from the catalog (its files stay: it is external); already gone is fine. */
  void drop(String full) {
    try {
      client.tables().delete(full);
    } catch (RuntimeException e) {
      if (!DatabricksErrors.absent(e)) {
        throw errors.classify("drop table " + full, e);
      }
    }
  }

  /** Delta tables are written through S3A; Unity Catalog knows the same objects as {@code s3://}. */
  String ucLocation(String path) {
    String location = path.startsWith("s3a://") ? "s3://" + path.substring("s3a://".length()) : path;
    if (!location.equals(storageRoot) && !location.startsWith(storageRoot + "/")) {
      throw new ProviderException(Failures.CONFIG_INVALID, "table location " + location + " is outside"
          + " databricks.storage-root " + storageRoot + ": put the worker's data folder under it");
    }
    return location;
  }

  private static boolean sameLocation(String a, String b) {
    return b != null && Objects.equals(trim(a), trim(b));
  }

  private static String trim(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
