package io.shareline.worker.oneshot;

import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.TableInfo;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.VersionTables;
import io.shareline.provider.local.LocalShareProvider;
import java.io.PrintStream;
import java.util.Map;

/** Prints what a connector publishes: every shared table with its schema version, Delta version, rows and path. */
final class PublishedReport {
  private PublishedReport() {}

  /** Returns the number of private (underscore) columns found, which must be zero. */
  static int print(PrintStream out, Lakehouse lakehouse, ConnectorSpec spec) {
    DeltaTables tables = new DeltaTables(lakehouse.conf());
    LocalShareProvider provider = new LocalShareProvider(lakehouse, tables);
    LocalShareProvider.State state = provider.read(spec).orElseThrow(
        () -> new IllegalStateException("connector " + spec.connectorId() + " has no provider state"));
    out.printf("Share %s, recipient %s (grant: %s), storage %s%n", state.share(), state.recipient(),
        state.grants().contains(state.recipient()) ? "SELECT" : "none", state.storagePath());
    out.printf("  %-34s %7s %6s %7s  %s%n", "table", "schema", "delta", "rows", "path");
    int privateColumns = 0;
    long dataRows = 0;
    for (String name : state.sharedTables()) {
      String path = state.catalog().get(name);
      TableInfo info = tables.info(path);
      Map<String, String> props = info.properties();
      out.printf("  %-34s %7s %6d %7d  %s%n", name, props.containsKey(VersionTables.PROP_VERSION)
          ? "v" + props.get(VersionTables.PROP_VERSION) : "-", info.version(), info.rowCount(), path);
      privateColumns += (int) info.schema().fieldNames().stream().filter(c -> c.startsWith("_")).count();
      if (name.contains("__v")) {
        dataRows += info.rowCount();
      }
    }
    out.printf("%d shared tables, %d rows in version tables, %d private columns%n",
        state.sharedTables().size(), dataRows, privateColumns);
    return privateColumns;
  }
}
