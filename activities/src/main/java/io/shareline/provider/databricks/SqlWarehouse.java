package io.shareline.provider.databricks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.sql.Disposition;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequestOnWaitTimeout;
import com.databricks.sdk.service.sql.Format;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import com.databricks.sdk.service.sql.StatementStatus;
import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * SQL on the configured warehouse through the Statement Execution API: submits, polls a statement
 * that is still {@code PENDING} or {@code RUNNING} with a growing pause up to a deadline (then cancels
 * it), and turns a {@code FAILED} statement into a failure type by its SQL state.
 */
final class SqlWarehouse {
  static final Duration DEADLINE = Duration.ofMinutes(2);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

  private final WorkspaceClient client;
  private final String warehouseId;
  private final DatabricksErrors errors;
  private final Clock clock;

  SqlWarehouse(WorkspaceClient client, String warehouseId, DatabricksErrors errors, Clock clock) {
    this.client = client;
    this.warehouseId = warehouseId;
    this.errors = errors;
    this.clock = clock;
  }

  /** Runs one statement to its end; {@code purpose} names it in failures (never the statement's data). */
  StatementResponse run(String purpose, String sql) {
    StatementResponse response = errors.call(purpose, () -> client.statementExecution().executeStatement(
        new ExecuteStatementRequest().setWarehouseId(warehouseId).setStatement(sql).setWaitTimeout("10s")
            .setOnWaitTimeout(ExecuteStatementRequestOnWaitTimeout.CONTINUE).setFormat(Format.JSON_ARRAY)
            .setDisposition(Disposition.INLINE)));
    Instant deadline = clock.instant().plus(DEADLINE);
    Duration pause = FIRST_PAUSE;
    while (isRunning(response)) {
      String id = response.getStatementId();
      if (!clock.instant().isBefore(deadline)) {
        errors.call("cancel statement " + id, () -> {
          client.statementExecution().cancelExecution(new com.databricks.sdk.service.sql.CancelExecutionRequest().setStatementId(id));
          return null;
        });
        throw new ProviderException(Failures.PROVIDER_TRANSIENT, purpose + " on warehouse " + warehouseId
            + " did not finish within " + DEADLINE.toSeconds() + " s and was cancelled; the stage retries. If the"
            + " warehouse was starting, give it a larger minimum size or keep it running.");
      }
      sleep(pause);
      pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
      response = errors.call("poll statement " + id, () -> client.statementExecution().getStatement(id));
    }
    StatementStatus status = response.getStatus();
    StatementState state = status == null ? null : status.getState();
    if (state != StatementState.SUCCEEDED) {
      throw failed(purpose, status);
    }
    return response;
  }

  /** The first cell of a statement's single-row answer, as a number. */
  long singleNumber(String purpose, String sql) {
    StatementResponse response = run(purpose, sql);
    try {
      List<String> row = List.copyOf(response.getResult().getDataArray().iterator().next());
      return Long.parseLong(row.get(0));
    } catch (RuntimeException e) {
      throw new ProviderException(Failures.PROVIDER_INVALID, purpose + " returned no number ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  private ProviderException failed(String purpose, StatementStatus status) {
    StatementState state = status == null ? null : status.getState();
    String sqlState = status == null ? null : status.getSqlState();
    String detail = status != null && status.getError() != null ? errors.scrub(status.getError().getMessage()) : "no detail";
    String what = purpose + " on warehouse " + warehouseId + " ended " + state
        + (sqlState == null ? "" : " with SQL state " + sqlState) + ": " + detail;
    if (state != StatementState.FAILED) {
      // CANCELED or CLOSED: someone stopped it (or the warehouse did); running it again is safe.
      return new ProviderException(Failures.PROVIDER_TRANSIENT, what + ". The stage retries.");
    }
    DatabricksErrors.Meaning meaning = bySqlState(sqlState);
    return new ProviderException(meaning.type(), what + ". " + meaning.nextStep() + ".");
  }

  /** SQLSTATE classes as Databricks' error classes use them (42501 insufficient privileges, 42P01 not found…). */
  static DatabricksErrors.Meaning bySqlState(String sqlState) {
    String s = sqlState == null ? "" : sqlState;
    if (s.equals("42501")) {
      return new DatabricksErrors.Meaning(Failures.PROVIDER_PERMISSION_DENIED, "Grant the principal the privilege"
          + " named above (USE CATALOG, USE SCHEMA, CREATE TABLE on the schema, CREATE EXTERNAL TABLE on the external"
          + " location covering databricks.storage-root, SELECT on the table)");
    }
    if (s.equals("42P07")) {
      return new DatabricksErrors.Meaning(Failures.PROVIDER_CONFLICT, "Another table holds this name: remove or"
          + " rename it, then retry the stage");
    }
    if (s.equals("42P01") || s.equals("42704") || s.equals("3F000")) {
      return new DatabricksErrors.Meaning(Failures.PROVIDER_INVALID, "A table or schema the statement names is"
          + " missing: provision the connector again");
    }
    if (s.startsWith("28")) {
      return DatabricksErrors.BY_CODE.get("UNAUTHENTICATED");
    }
    if (s.startsWith("0A")) {
      return new DatabricksErrors.Meaning(Failures.PROVIDER_CONFIG, "The warehouse does not support this statement:"
          + " use a Pro or Serverless SQL warehouse on a current channel");
    }
    if (s.startsWith("08") || s.startsWith("40") || s.startsWith("53") || s.startsWith("57") || s.startsWith("58")
        || s.startsWith("XX") || s.isEmpty()) {
      return new DatabricksErrors.Meaning(Failures.PROVIDER_TRANSIENT, "The warehouse could not finish it: the stage"
          + " retries by itself");
    }
    return new DatabricksErrors.Meaning(Failures.PROVIDER_INVALID, "The statement was refused: check the table's"
        + " location (databricks.storage-root) and the Delta log under it");
  }

  private static boolean isRunning(StatementResponse r) {
    StatementState s = r.getStatus() == null ? null : r.getStatus().getState();
    return s == StatementState.PENDING || s == StatementState.RUNNING;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(Failures.PROVIDER_TRANSIENT, "interrupted while waiting for a statement");
    }
  }

  /** {@code `a`.`b`.`c`}: names are ours (lower-case letters, digits, underscores), quoted all the same. */
  static String quoted(String fullName) {
    return "`" + String.join("`.`", fullName.split("\\.")) + "`";
  }

  /** A SQL string literal; locations hold no quote, but one would be escaped rather than end the literal. */
  static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
