package io.shareline.ledger;

import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.WrittenFile;
import io.shareline.ledger.Ledger.Attempt;
import io.shareline.ledger.Ledger.Query;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger's Delta table: one row per recorded state of a stage attempt. Each write is one small
 * Parquet file in {@code _attempts/} and one blind append, so writers never wait for each other; each file's
 * min/max statistics (a batch's rows share a workflow and span a few jobs) let a read of one workflow, job
 * or stage skip the other files, and checkpoints every {@value DeltaTables#CHECKPOINT_INTERVAL} commits
 * keep a snapshot load short however many attempts the table holds.
 */
final class LedgerTable {

  static final StructType SCHEMA = new StructType()
      .add("connector_id", StringType.STRING, true)
      .add("workflow_id", StringType.STRING, true)
      .add("job_id", StringType.STRING, true)
      .add("stage", StringType.STRING, true)
      .add("attempt", IntegerType.INTEGER, true)
      .add("started_at", TimestampType.TIMESTAMP, true)
      .add("ended_at", TimestampType.TIMESTAMP, true)
      .add("outcome", StringType.STRING, true)
      .add("failure_type", StringType.STRING, true)
      .add("message", StringType.STRING, true);

  /** Data files sit in one folder beside the old layout's workflow folders, which an import lists. */
  static final String DATA_FOLDER = "_attempts";

  private final DeltaTables tables;

  LedgerTable(DeltaTables tables) {
    this.tables = tables;
  }

  boolean exists(String path) {
    return tables.exists(path);
  }

  void create(String path) {
    tables.createIfAbsent(path, SCHEMA, Map.of());
  }

  void append(String path, List<Attempt> attempts) {
    List<Object[]> rows = attempts.stream().map(LedgerTable::row).toList();
    List<WrittenFile> files = tables.writeParquet(path + "/" + DATA_FOLDER, SCHEMA, rows.iterator(), rows.size());
    tables.appendBlind(path, files);
  }

  /** Every row of the files that may hold the query's workflow, job and stage (rows still to be tested). */
  List<Attempt> read(String path, Query query) {
    List<Attempt> out = new ArrayList<>();
    tables.forEachRow(path, skipFilesBy(query), row -> out.add(attempt(row)));
    return out;
  }

  /**
   * Outcome is not among the parts: an attempt's RUNNING row and its end row may sit in different files,
   * and a read by outcome must still see the end that overrides a RUNNING.
   */
  private static Optional<Predicate> skipFilesBy(Query query) {
    Optional<Predicate> filter = Optional.empty();
    filter = and(filter, "workflow_id", query.workflowId());
    filter = and(filter, "job_id", query.jobId());
    return and(filter, "stage", query.stage());
  }

  private static Optional<Predicate> and(Optional<Predicate> filter, String column, String value) {
    if (value == null) {
      return filter;
    }
    Predicate equal = new Predicate("=", new Column(column), Literal.ofString(value));
    return Optional.of(filter.map(f -> new Predicate("AND", f, equal)).orElse(equal));
  }

  private static Object[] row(Attempt a) {
    return new Object[] {a.connectorId(), a.workflowId(), a.jobId(), a.stage(), a.attempt(), micros(a.startedAt()),
        micros(a.endedAt()), a.outcome(), a.failureType(), a.message()};
  }

  private static Attempt attempt(Object[] r) {
    return new Attempt((String) r[0], (String) r[1], (String) r[2], (String) r[3], r[4] == null ? 0 : (Integer) r[4],
        instant(r[5]), instant(r[6]), (String) r[7], (String) r[8], (String) r[9]);
  }

  private static Long micros(Instant instant) {
    return instant == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static Instant instant(Object micros) {
    return micros == null ? null : Instant.EPOCH.plus((Long) micros, ChronoUnit.MICROS);
  }
}
