package io.shareline.lakehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.DeltaTypes;
import io.shareline.delta.PinnedSnapshot;
import io.shareline.delta.WrittenFile;
import io.shareline.schema.PublicField;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The connector's metadata tables. Appends carry a Delta transaction id per (table, key),
 * so a retried write is detected as applied; {@code workflows} holds one row per workflow and is
 * rewritten whole (it is small) on every change.
 */
public final class MetadataTables {
  public static final String WORKFLOWS = "workflows";
  public static final String SCHEMA_VERSIONS = "workflow_schema_versions";
  public static final String SCHEMA_FIELDS = "workflow_schema_fields";
  public static final String RUNS = "workflow_runs";
  public static final List<String> ALL = List.of(WORKFLOWS, SCHEMA_VERSIONS, SCHEMA_FIELDS, RUNS);

  static final StructType WORKFLOWS_SCHEMA = schema(
      "workflow_id", StringType.STRING, "name", StringType.STRING, "team", StringType.STRING,
      "current_version", IntegerType.INTEGER, "latest_table", StringType.STRING,
      "last_job_id", StringType.STRING, "last_run_finished_at", TimestampType.TIMESTAMP,
      "updated_at", TimestampType.TIMESTAMP);
  static final StructType SCHEMA_VERSIONS_SCHEMA = schema(
      "workflow_id", StringType.STRING, "version", IntegerType.INTEGER, "fingerprint", StringType.STRING,
      "table_name", StringType.STRING, "created_at", TimestampType.TIMESTAMP, "field_count", IntegerType.INTEGER);
  static final StructType SCHEMA_FIELDS_SCHEMA = schema(
      "workflow_id", StringType.STRING, "version", IntegerType.INTEGER, "ordinal", IntegerType.INTEGER,
      "source_name", StringType.STRING, "column_name", StringType.STRING, "source_type", StringType.STRING,
      "delta_type", StringType.STRING, "nullable", BooleanType.BOOLEAN, "cast_policy", StringType.STRING);
  static final StructType RUNS_SCHEMA = schema(
      "job_id", StringType.STRING, "workflow_id", StringType.STRING, "schema_version", IntegerType.INTEGER,
      "table_name", StringType.STRING, "row_count", LongType.LONG, "nulled_values", LongType.LONG,
      "nulled_by_field", StringType.STRING, "status", StringType.STRING, "started_at", TimestampType.TIMESTAMP, "finished_at", TimestampType.TIMESTAMP,
      "delivered_at", TimestampType.TIMESTAMP);

  /**
   * A delivered run as {@code workflow_runs} records it; {@code nulledByField} holds the values the
   * lenient cast nulled, per source field, and lands as a JSON object next to their total.
   */
  public record RunRow(String jobId, String workflowId, int version, String table, long rows,
      Map<String, Long> nulledByField, Instant startedAt, Instant finishedAt, Instant deliveredAt) {

    public RunRow {
      nulledByField = Collections.unmodifiableMap(new LinkedHashMap<>(nulledByField));
    }

    public long nulled() {
      return nulledByField.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** A workflow as {@code workflows} records it. */
  public record WorkflowRow(String workflowId, String name, String team, int currentVersion, String latestTable,
      String lastJobId, Instant lastRunFinishedAt) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Lakehouse lakehouse;
  private final DeltaTables tables;
  private final JobMarkers runMarkers;

  public MetadataTables(Lakehouse lakehouse, DeltaTables tables) {
    this.lakehouse = lakehouse;
    this.tables = tables;
    this.runMarkers = new JobMarkers(lakehouse.conf(), "_shareline_runs");
  }

  /** Creates the four tables (empty) if absent: done at provisioning so the share can be verified empty. */
  public void createAll(String connectorId) {
    tables.createIfAbsent(path(connectorId, WORKFLOWS), WORKFLOWS_SCHEMA, Map.of());
    tables.createIfAbsent(path(connectorId, SCHEMA_VERSIONS), SCHEMA_VERSIONS_SCHEMA, Map.of());
    tables.createIfAbsent(path(connectorId, SCHEMA_FIELDS), SCHEMA_FIELDS_SCHEMA, Map.of());
    tables.createIfAbsent(path(connectorId, RUNS), RUNS_SCHEMA, Map.of());
  }

  /** Records a new schema version and its fields with each field's effective cast policy, once per (workflow, version). */
  public void recordSchemaVersion(String connectorId, String workflowId, SchemaRegistry.Entry entry,
      Function<PublicField, String> castPolicy) {
    String appId = "schema:" + workflowId + ":" + entry.version();
    String table = Lakehouse.versionTable(workflowId, entry.version());
    appendOnce(connectorId, SCHEMA_VERSIONS, SCHEMA_VERSIONS_SCHEMA, appId, List.<Object[]>of(new Object[] {
        workflowId, entry.version(), entry.fingerprint(), table, micros(entry.registeredAt()), entry.fields().size()}));
    List<Object[]> fieldRows = new ArrayList<>();
    int ordinal = 0;
    for (PublicField f : entry.fields()) {
      fieldRows.add(new Object[] {workflowId, entry.version(), ++ordinal, f.sourceName(), f.columnName(),
          f.type().toString(), DeltaTypes.describe(DeltaTypes.of(f.type())), f.nullable(), castPolicy.apply(f)});
    }
    appendOnce(connectorId, SCHEMA_FIELDS, SCHEMA_FIELDS_SCHEMA, appId, fieldRows);
  }

  /** Records a delivered run, once per job: not again when a batch recorded it (see {@link #recordRuns}). */
  public boolean recordRun(String connectorId, RunRow run) {
    String tablePath = path(connectorId, RUNS);
    PinnedSnapshot table = tables.pin(tablePath);
    if (table.exists() && recordedByBatch(table, tablePath, run)) {
      return false;
    }
    return appendOnce(connectorId, RUNS, RUNS_SCHEMA, runAppId(run), List.<Object[]>of(row(run)));
  }

  /**
   * Records the runs of a backfill batch in one commit, each job once. The commit carries
   * {@code runs:<id>} (a hash of the batch's run keys, so a repeat finds it); runs recorded already are
   * left out, and each run it holds gets a marker naming the batch first, so {@link #recordRun} of a
   * run the batch recorded adds nothing. Returns how many rows this call added.
   */
  public int recordRuns(String connectorId, List<RunRow> runs) {
    String tablePath = path(connectorId, RUNS);
    tables.createIfAbsent(tablePath, RUNS_SCHEMA, Map.of());
    String batchId = BatchLoads.hash(runs.stream().map(MetadataTables::runKey).toList());
    PinnedSnapshot table = tables.pin(tablePath);
    if (table.transactionVersion(runsAppId(batchId)).isPresent()) {
      return 0;
    }
    List<RunRow> unrecorded = runs.stream()
        .filter(run -> table.transactionVersion(runAppId(run)).isEmpty() && !recordedByBatch(table, tablePath, run))
        .toList();
    if (unrecorded.isEmpty()) {
      return 0;
    }
    unrecorded.forEach(run -> runMarkers.write(tablePath, runKey(run), batchId));
    List<WrittenFile> files = tables.writeParquet(tablePath, RUNS_SCHEMA,
        unrecorded.stream().map(MetadataTables::row).iterator(), 10_000);
    return tables.appendFiles(tablePath, files, runsAppId(batchId), 1).alreadyApplied() ? 0 : unrecorded.size();
  }

  private boolean recordedByBatch(PinnedSnapshot table, String tablePath, RunRow run) {
    return runMarkers.read(tablePath, runKey(run))
        .filter(batchId -> table.transactionVersion(runsAppId(batchId)).isPresent())
        .isPresent();
  }

  private static Object[] row(RunRow run) {
    return new Object[] {run.jobId(), run.workflowId(), run.version(), run.table(), run.rows(), run.nulled(),
        json(run.nulledByField()), "DELIVERED",
        micros(run.startedAt()), micros(run.finishedAt()), micros(run.deliveredAt())};
  }

  private static String runKey(RunRow run) {
    return run.workflowId() + ":" + run.jobId();
  }

  private static String runAppId(RunRow run) {
    return "run:" + runKey(run);
  }

  private static String runsAppId(String batchId) {
    return "runs:" + batchId;
  }

  /**
   * Upserts one workflow's row. The newest run (by finish time) and the highest version win, so a
   * backfill of older runs never moves them back.
   */
  public void upsertWorkflow(String connectorId, WorkflowRow update) {
    String tablePath = path(connectorId, WORKFLOWS);
    List<Object[]> rows = new ArrayList<>();
    Object[] merged = null;
    for (Map<String, Object> row : tables.readAll(tablePath)) {
      Object[] values = WORKFLOWS_SCHEMA.fieldNames().stream().map(row::get).toArray();
      if (update.workflowId().equals(values[0])) {
        merged = values;
      } else {
        rows.add(values);
      }
    }
    rows.add(merge(merged, update));
    rows.sort(Comparator.comparing(r -> (String) r[0]));
    List<WrittenFile> files = tables.writeParquet(tablePath, WORKFLOWS_SCHEMA, rows.iterator(), 10_000);
    tables.replaceWith(tablePath, WORKFLOWS_SCHEMA, files, Map.of());
  }

  private static Object[] merge(Object[] existing, WorkflowRow update) {
    long finished = micros(update.lastRunFinishedAt());
    boolean newerRun = existing == null || existing[6] == null || (Long) existing[6] <= finished;
    boolean newerVersion = existing == null || existing[3] == null || (Integer) existing[3] <= update.currentVersion();
    return new Object[] {
        update.workflowId(), update.name(), update.team(),
        newerVersion ? update.currentVersion() : existing[3],
        newerVersion ? update.latestTable() : existing[4],
        newerRun ? update.lastJobId() : existing[5],
        newerRun ? finished : existing[6],
        micros(Instant.now())};
  }

  public String path(String connectorId, String table) {
    return lakehouse.tablePath(connectorId, table);
  }

  private boolean appendOnce(String connectorId, String table, StructType schema, String appId, List<Object[]> rows) {
    String tablePath = path(connectorId, table);
    tables.createIfAbsent(tablePath, schema, Map.of());
    if (tables.transactionVersion(tablePath, appId).isPresent()) {
      return false;
    }
    List<WrittenFile> files = tables.writeParquet(tablePath, schema, rows.iterator(), 10_000);
    return !tables.appendFiles(tablePath, files, appId, 1).alreadyApplied();
  }

  private static String json(Map<String, Long> counts) {
    try {
      return JSON.writeValueAsString(counts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of counts always serialises", e);
    }
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  private static StructType schema(Object... nameTypePairs) {
    StructType s = new StructType();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      s = s.add((String) nameTypePairs[i], (DataType) nameTypePairs[i + 1], true);
    }
    return s;
  }
}
