package io.shareline.provider.snowflake;

import io.shareline.connector.spec.DeliverySettings;
import io.shareline.delivery.SchemaVersion;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.provider.ShareProvider;
import io.shareline.schema.PublicField;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The connector's metadata in Snowflake: a private table and a secure view of the same name per metadata
 * table, and their rows, written in transactions keyed by what they describe (a run by its job, a schema
 * version by workflow and version) so that a repeated PUBLISH leaves one row per key. Holds no customer row
 * value: job and workflow ids, counts, times and field names only.
 */
final class SnowflakeMetadata {
  static final String RUNS = "WORKFLOW_RUNS";
  static final String VERSIONS = "WORKFLOW_SCHEMA_VERSIONS";
  static final String FIELDS = "WORKFLOW_SCHEMA_FIELDS";
  static final String ACTIVITY = "ACTIVITY_LOG";

  /** Each metadata table's columns, in order; the view shows them all ({@code NULLED_BY_FIELD} parsed). */
  static final Map<String, List<SnowflakeTypes.Column>> TABLES = Map.of(
      RUNS, columns("JOB_ID VARCHAR", "WORKFLOW_ID VARCHAR", "SCHEMA_VERSION NUMBER(38,0)", "VIEW_NAME VARCHAR",
          "ROW_COUNT NUMBER(38,0)", "NULLED_VALUES NUMBER(38,0)", "NULLED_BY_FIELD VARCHAR", "STATUS VARCHAR",
          "STARTED_AT TIMESTAMP_TZ", "FINISHED_AT TIMESTAMP_TZ", "DELIVERED_AT TIMESTAMP_TZ"),
      VERSIONS, columns("WORKFLOW_ID VARCHAR", "VERSION NUMBER(38,0)", "FINGERPRINT VARCHAR", "VIEW_NAME VARCHAR",
          "CREATED_AT TIMESTAMP_TZ", "FIELD_COUNT NUMBER(38,0)"),
      FIELDS, columns("WORKFLOW_ID VARCHAR", "VERSION NUMBER(38,0)", "ORDINAL NUMBER(38,0)", "SOURCE_NAME VARCHAR",
          "COLUMN_NAME VARCHAR", "SHARELINE_TYPE VARCHAR", "SNOWFLAKE_TYPE VARCHAR", "NULLABLE BOOLEAN",
          "CAST_POLICY VARCHAR", "VIEW_CAST VARCHAR"),
      ACTIVITY, columns("OCCURRED_AT TIMESTAMP_TZ", "EVENT_TYPE VARCHAR", "EVENT_TITLE VARCHAR", "RESOURCE_NAME VARCHAR",
          "WORKFLOW_ID VARCHAR", "REQUEST_SOURCE VARCHAR"));
  /** Where an activity event came from (day-file, last line of its export): the key of a repeated export, not shown. */
  private static final List<SnowflakeTypes.Column> ACTIVITY_KEY = columns("SOURCE_FILE VARCHAR", "LAST_LINE NUMBER(38,0)");
  private static final int ROWS_PER_INSERT = 500;

  /** The lakehouse's metadata table names and the Snowflake view each is shared as. */
  static final Map<String, String> VIEWS = Map.of(MetadataTables.RUNS, RUNS, MetadataTables.SCHEMA_VERSIONS, VERSIONS,
      MetadataTables.SCHEMA_FIELDS, FIELDS, "activity_log", ACTIVITY);

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private final SnowflakeSqlApi api;
  private final SnowflakeShares shares;

  SnowflakeMetadata(SnowflakeSqlApi api, SnowflakeShares shares) {
    this.api = api;
    this.shares = shares;
  }

  /** The private tables and their (not yet shared) views. */
  void create(SnowflakeShares.Layout l) {
    for (Map.Entry<String, List<SnowflakeTypes.Column>> t : new TreeMap<>(TABLES).entrySet()) {
      List<SnowflakeTypes.Column> stored = new ArrayList<>(t.getValue());
      if (t.getKey().equals(ACTIVITY)) {
        stored.addAll(ACTIVITY_KEY);
      }
      shares.createTable(l, t.getKey(), stored);
      shares.createView(l, t.getKey(), "SELECT " + t.getValue().stream().map(c -> c.name().equals("NULLED_BY_FIELD")
          ? "PARSE_JSON(NULLED_BY_FIELD) AS NULLED_BY_FIELD" : c.name()).collect(Collectors.joining(", "))
          + " FROM " + SnowflakeShares.q(l.database(), l.privateSchema(), t.getKey()));
    }
  }

  /** The batch's runs, replacing any earlier rows of their jobs, in one transaction. */
  void recordRuns(SnowflakeShares.Layout l, String view, List<MetadataTables.RunRow> runs) {
    String table = SnowflakeShares.q(l.database(), l.privateSchema(), RUNS);
    SnowflakeStatement delete = SnowflakeStatement.of("DELETE FROM " + table + " WHERE WORKFLOW_ID = ? AND JOB_ID IN ("
        + marks(runs.size()) + ")").text(runs.get(0).workflowId());
    SnowflakeStatement insert = SnowflakeStatement.of("INSERT INTO " + table + " VALUES " + String.join(", ",
        Collections.nCopies(runs.size(), "(" + marks(TABLES.get(RUNS).size()) + ")")));
    for (MetadataTables.RunRow r : runs) {
      delete = delete.text(r.jobId());
      insert = insert.text(r.jobId()).text(r.workflowId()).number(r.version()).text(view).number(r.rows())
          .number(r.nulled()).text(json(r.nulledByField())).text("DELIVERED").text(time(r.startedAt()))
          .text(time(r.finishedAt())).text(time(r.deliveredAt()));
    }
    transaction("record " + runs.size() + " run(s)", delete, insert);
  }

  /** The version's row and its fields' rows, once: a version already recorded is left as it is. */
  void recordVersion(SnowflakeShares.Layout l, SchemaVersion version, String view, List<PublicField> fields,
      DeliverySettings delivery) {
    String versions = SnowflakeShares.q(l.database(), l.privateSchema(), VERSIONS);
    String known = api.execute("read schema version", SnowflakeStatement.of("SELECT COUNT(*) FROM " + versions
        + " WHERE WORKFLOW_ID = ? AND VERSION = ?").text(version.workflowId()).number(version.version())).rows().get(0).get(0);
    if (!"0".equals(known.trim())) {
      return;
    }
    String fieldTable = SnowflakeShares.q(l.database(), l.privateSchema(), FIELDS);
    String key = " WHERE WORKFLOW_ID = ? AND VERSION = ?";
    SnowflakeStatement insertFields = SnowflakeStatement.of("INSERT INTO " + fieldTable + " VALUES " + String.join(", ",
        Collections.nCopies(fields.size(), "(" + marks(TABLES.get(FIELDS).size()) + ")")));
    for (int i = 0; i < fields.size(); i++) {
      PublicField f = fields.get(i);
      insertFields = insertFields.text(version.workflowId()).number(version.version()).number(i + 1).text(f.sourceName())
          .text(f.columnName()).text(f.type().toString()).text(SnowflakeTypes.viewType(f.type()))
          .bind("BOOLEAN", f.nullable()).text(delivery.policyFor(version.workflowId(), f.sourceName()).name())
          .text(SnowflakeTypes.castPolicy(f.type()));
    }
    List<SnowflakeStatement> writes = new ArrayList<>(List.of(
        SnowflakeStatement.of("DELETE FROM " + versions + key).text(version.workflowId()).number(version.version()),
        SnowflakeStatement.of("INSERT INTO " + versions + " VALUES (?, ?, ?, ?, ?, ?)").text(version.workflowId())
            .number(version.version()).text(version.fingerprint()).text(view).text(time(Instant.now()))
            .number(fields.size()),
        SnowflakeStatement.of("DELETE FROM " + fieldTable + key).text(version.workflowId()).number(version.version())));
    if (!fields.isEmpty()) {
      writes.add(insertFields);
    }
    transaction("record schema version " + version.version(), writes.toArray(SnowflakeStatement[]::new));
  }

  /** Activity events, replacing what an earlier export of the same lines of their day-file recorded. */
  void recordActivity(SnowflakeShares.Layout l, ShareProvider.ActivityEvents events) {
    String table = SnowflakeShares.q(l.database(), l.privateSchema(), ACTIVITY);
    List<SnowflakeStatement> writes = new ArrayList<>(List.of(SnowflakeStatement.of("DELETE FROM " + table
        + " WHERE SOURCE_FILE = ? AND LAST_LINE > ? AND LAST_LINE <= ?").text(events.file())
        .number(events.afterLine()).number(events.lastLine())));
    int width = TABLES.get(ACTIVITY).size() + ACTIVITY_KEY.size();
    for (int from = 0; from < events.rows().size(); from += ROWS_PER_INSERT) {
      List<Object[]> chunk = events.rows().subList(from, Math.min(events.rows().size(), from + ROWS_PER_INSERT));
      SnowflakeStatement insert = SnowflakeStatement.of("INSERT INTO " + table + " VALUES " + String.join(", ",
          Collections.nCopies(chunk.size(), "(" + marks(width) + ")")));
      for (Object[] row : chunk) {
        long micros = (Long) row[0];
        insert = insert.text(time(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
            Math.floorMod(micros, 1_000_000L) * 1_000L)));
        for (int c = 1; c < row.length; c++) {
          insert = insert.text((String) row[c]);
        }
        insert = insert.text(events.file()).number(events.lastLine());
      }
      writes.add(insert);
    }
    transaction("record " + events.rows().size() + " activity event(s)", writes.toArray(SnowflakeStatement[]::new));
  }

  private void transaction(String purpose, SnowflakeStatement... writes) {
    List<SnowflakeStatement> all = new ArrayList<>();
    all.add(SnowflakeStatement.of("BEGIN TRANSACTION"));
    all.addAll(List.of(writes));
    all.add(SnowflakeStatement.of("COMMIT"));
    api.executeAll(purpose, all, api.context());
  }

  private static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  private static String json(Map<String, Long> counts) {
    try {
      return JSON.writeValueAsString(counts);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a map of counts always serializes", e);
    }
  }

  private static List<SnowflakeTypes.Column> columns(String... declarations) {
    return java.util.Arrays.stream(declarations).map(d -> new SnowflakeTypes.Column(d.substring(0, d.indexOf(' ')),
        d.substring(d.indexOf(' ') + 1))).toList();
  }
}
