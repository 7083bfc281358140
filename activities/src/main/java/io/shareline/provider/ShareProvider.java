package io.shareline.provider;

import io.shareline.connector.EmptyShareVerified;
import io.shareline.connector.Provisioned;
import io.shareline.connector.TokenRotated;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.StagedBatch;
import io.shareline.lakehouse.MetadataTables;
import java.util.List;
import java.util.Map;

/**
 * Where a connector's tables are registered and shared: the local provider (embedded default) or a
 * Databricks workspace. Every operation is idempotent: it states the wanted end state.
 */
public interface ShareProvider {

  /** Creates (or finds) the recipient, share and schema; the storage path is already created. */
  Provisioned provision(ConnectorSpec spec, String storagePath);

  /** The share exists, the recipient holds SELECT on it, and no data table is shared yet. */
  EmptyShareVerified verifyEmptyShare(ConnectorSpec spec, List<String> metadataTables);

  /** Registers (or re-points) tables by name to their storage locations. */
  void registerTables(ConnectorSpec spec, Map<String, String> locations);

  /** Adds registered tables to the connector's share and makes sure the recipient's grant holds. */
  List<String> addToShare(ConnectorSpec spec, List<String> tables);

  /**
   * Removes the recipient's grant on the share; with {@code purge} the share's tables are also
   * unshared and dropped from the catalog (the caller deletes their storage). Idempotent: revoking a
   * connector that was never provisioned, or twice, does nothing.
   *
   * @return whether a grant was removed
   */
  boolean revoke(ConnectorSpec spec, boolean purge);

  /** What VERIFY expects a recipient to see of one shared table: its Delta version, columns and rows. */
  record ExpectedTable(String name, long version, List<String> columns, long rows) {}

  /**
   * Proves, with what the provider can read apart from the lakehouse, that the recipient sees
   * {@code expected}; throws a VERIFY_MISMATCH failure when it does not. Returns which proof was used,
   * for the ledger.
   */
  default String proveShared(ConnectorSpec spec, ExpectedTable expected) {
    return "share listing";
  }

  /**
   * Issues a new credential to a token recipient (handed to the secure contact, never returned) and
   * lets the old one expire after {@code existingTokenExpiresIn}.
   */
  default TokenRotated rotateToken(ConnectorSpec spec, java.time.Duration existingTokenExpiresIn) {
    throw new ProviderException(io.shareline.common.Failures.PROVIDER_INVALID,
        "connector " + spec.connectorId() + " has no token recipient on provider " + spec.provider());
  }

  /**
   * LOAD, after the lakehouse's commit: a provider that keeps its own copy of the rows (Snowflake) loads the
   * batch's staged files into it, each job exactly once however often this runs. The staged files are kept
   * until VERIFY has passed. The lakehouse providers share the Delta tables themselves and do nothing here.
   */
  default void load(StagedBatch batch) {}

  /**
   * PUBLISH, after {@code workflow_runs} holds the batch's runs: a provider with its own tables records the
   * runs and the version's schema there and publishes the version's view. Idempotent per job.
   */
  default void publish(StagedBatch batch, List<MetadataTables.RunRow> runs) {}

  /**
   * VERIFY, after the version table is proved shared and before {@code __latest} moves: a provider with its
   * own tables checks each job's rows against the staged counts and, when the batch's version is the newest,
   * points its latest view at it. Throws a VERIFY_MISMATCH failure when a check fails.
   */
  default void verify(StagedBatch batch) {}

  /**
   * Activity events of one source day-file, lines after {@code afterLine} up to {@code lastLine}; each row in
   * the {@code activity_log} columns' order (occurred_at as UTC micros, event_type, event_title,
   * resource_name, workflow_id, request_source).
   */
  record ActivityEvents(String file, long afterLine, long lastLine, List<Object[]> rows) {}

  /**
   * Before the activity export commits them to {@code activity_log}: a provider with its own tables records the
   * events there, replacing what an earlier attempt at the same lines recorded.
   */
  default void exportActivity(ConnectorSpec spec, ActivityEvents events) {}

  /** What the recipient can see: the tables in the share that resolve to readable locations. */
  ShareView view(ConnectorSpec spec);

  /** The recipient's view of the share. */
  record ShareView(String share, String recipient, boolean granted, Map<String, String> tables) {}
}
