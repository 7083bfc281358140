package io.shareline.delivery.stages;

import io.shareline.common.Failures;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.SchemaVersion;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.TableInfo;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.VersionTables;
import io.shareline.provider.ShareProvider;
import io.shareline.provider.ShareProviders;
import java.util.List;
import java.util.Map;

/**
 * VERIFY's proof that the recipient sees a table as committed: listed and granted in the share, and the
 * provider's own check of version, columns and rows; and {@code __latest}'s promotion, proved the same way.
 */
record SharedProof(DeltaTables tables, VersionTables versions, ShareProviders providers) {

  /** {@code __latest} follows the newest version only once that version's table is loaded and verified. */
  boolean promoteLatest(ConnectorSpec connector, SchemaVersion version) {
    String connectorId = connector.connectorId();
    String workflowId = version.workflowId();
    if (!versions.syncLatest(connectorId, workflowId, version.version())) {
      return false;
    }
    String latestName = Lakehouse.latestTable(workflowId);
    String latestPath = versions.latestPath(connectorId, workflowId);
    long expected = tables.info(versions.versionPath(connectorId, workflowId, version.version())).rowCount();
    long actual = tables.info(latestPath).rowCount();
    if (actual != expected) {
      throw Failures.VERIFY_MISMATCH.failure(latestName + " holds " + actual + " rows, " + version.tableName()
          + " holds " + expected);
    }
    ShareProvider provider = providers.of(connector);
    provider.registerTables(connector, Map.of(latestName, latestPath));
    provider.addToShare(connector, List.of(latestName));
    requireVisible(provider.view(connector), latestName);
    prove(connector, provider, latestName, latestPath);
    return true;
  }

  /** The provider proves, apart from the lakehouse, that the recipient sees the table as it was committed. */
  String prove(ConnectorSpec connector, ShareProvider provider, String table, String path) {
    TableInfo info = tables.info(path);
    return provider.proveShared(connector, new ShareProvider.ExpectedTable(table, info.version(),
        info.schema().fieldNames(), info.rowCount()));
  }

  static void requireVisible(ShareProvider.ShareView view, String table) {
    if (!view.granted()) {
      throw Failures.PROVIDER_PERMISSION_DENIED.failure("recipient " + view.recipient() + " lost its grant on " + view.share());
    }
    if (!view.tables().containsKey(table)) {
      throw Failures.VERIFY_MISMATCH.failure(table + " is not visible in share " + view.share());
    }
  }
}
