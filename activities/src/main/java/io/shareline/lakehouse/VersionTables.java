package io.shareline.lakehouse;

import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.shareline.delivery.StagedRun;
import io.shareline.delta.AppendResult;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.DeltaTypes;
import io.shareline.delta.PinnedSnapshot;
import io.shareline.delta.TableInfo;
import io.shareline.delta.WrittenFile;
import io.shareline.schema.PublicField;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A workflow's data tables: {@code wf_<id>__v<n>} per schema version, and {@code wf_<id>__latest},
 * which mirrors the newest verified version file for file. Loads are keyed by job through Delta
 * transaction identifiers; the mirror is keyed by file name, so both are safe to repeat.
 */
public final class VersionTables {
  public static final String PROP_WORKFLOW = "shareline.workflowId";
  public static final String PROP_VERSION = "shareline.schemaVersion";
  public static final String PROP_FINGERPRINT = "shareline.fingerprint";

  private final Lakehouse lakehouse;
  private final DeltaTables tables;
  private final BatchLoads batches;

  public VersionTables(Lakehouse lakehouse, DeltaTables tables) {
    this.lakehouse = lakehouse;
    this.tables = tables;
    this.batches = new BatchLoads(tables, lakehouse.conf());
  }

  /** The table schema of a run: its public fields, then the three delivery columns. */
  public static StructType dataSchema(List<PublicField> fields, StagedRun.DeliveryColumns columns) {
    StructType schema = new StructType();
    for (PublicField f : fields) {
      // Always nullable: a lenient cast may null any value.
      schema = schema.add(f.columnName(), DeltaTypes.of(f.type()), true);
    }
    return schema
        .add(columns.jobId(), StringType.STRING, false)
        .add(columns.runFinishedAt(), TimestampType.TIMESTAMP, false)
        .add(columns.deliveredAt(), TimestampType.TIMESTAMP, false);
  }

  public String versionPath(String connectorId, String workflowId, int version) {
    return lakehouse.tablePath(connectorId, Lakehouse.versionTable(workflowId, version));
  }

  public String latestPath(String connectorId, String workflowId) {
    return lakehouse.tablePath(connectorId, Lakehouse.latestTable(workflowId));
  }

  public void createVersionTable(String connectorId, StagedRun staged, int version) {
    tables.createIfAbsent(versionPath(connectorId, staged.run().workflowId(), version),
        dataSchema(staged.fields(), staged.deliveryColumns()), properties(staged, version));
  }

  /** Whether a job's rows are in the table, committed alone or as part of a backfill batch. */
  public boolean isLoaded(String tablePath, String jobId) {
    return batches.isLoaded(tablePath, jobId);
  }

  /** The runs whose jobs are not in the table yet, from one snapshot of it. */
  public List<StagedRun> notLoaded(String tablePath, List<StagedRun> runs) {
    return batches.notLoaded(tablePath, runs);
  }

  /** Appends the staged files of a job once: a repeat finds the job's transaction id and writes nothing. */
  public AppendResult loadJob(String tablePath, StagedRun staged) {
    String appId = jobAppId(staged.run().jobId());
    if (isLoaded(tablePath, staged.run().jobId())) {
      return new AppendResult(true, tables.info(tablePath).version());
    }
    List<WrittenFile> staging = staged.files().stream()
        // Only the count travels through workflow history (no min/max values), so that is what the log gets.
        .map(f -> new WrittenFile(f.path(), f.size(), 0L, f.rowCount(), "{\"numRecords\":" + f.rowCount() + "}"))
        .toList();
    List<WrittenFile> copies = tables.copyInto(tablePath, staging, "job-" + safe(staged.run().jobId()));
    return tables.appendFiles(tablePath, copies, appId, 1);
  }

  /** The schema version {@code __latest} follows now, or 0 when it does not exist yet. */
  public int latestVersion(String connectorId, String workflowId) {
    String path = latestPath(connectorId, workflowId);
    if (!tables.exists(path)) {
      return 0;
    }
    return Integer.parseInt(tables.info(path).properties().getOrDefault(PROP_VERSION, "0"));
  }

  /**
   * Brings {@code __latest} to the contents of version {@code version}: copies the files it lacks when it
   * already follows that version, or rebuilds it (REPLACE) when it follows an older one. Returns
   * whether {@code __latest} now follows {@code version}.
   */
  public boolean syncLatest(String connectorId, String workflowId, int version) {
    String source = versionPath(connectorId, workflowId, version);
    String latest = latestPath(connectorId, workflowId);
    int current = latestVersion(connectorId, workflowId);
    if (current > version) {
      return false;
    }
    TableInfo sourceInfo = tables.info(source);
    List<WrittenFile> sourceFiles = tables.liveFiles(source);
    if (current < version) {
      List<WrittenFile> copies = tables.mirrorInto(latest, sourceFiles);
      Map<String, String> props = new java.util.HashMap<>(sourceInfo.properties());
      props.keySet().removeIf(k -> !k.startsWith("shareline."));
      tables.replaceWith(latest, sourceInfo.schema(), copies, props);
      return true;
    }
    Set<String> present = new HashSet<>();
    for (WrittenFile f : tables.liveFiles(latest)) {
      present.add(fileName(f.path()));
    }
    List<WrittenFile> missing = sourceFiles.stream().filter(f -> !present.contains(fileName(f.path()))).toList();
    if (!missing.isEmpty()) {
      tables.appendFiles(latest, tables.mirrorInto(latest, missing), "mirror:v" + version, sourceInfo.version());
    }
    return true;
  }

  /**
   * Rows of one job in a version table, from the statistics of the job's live files (the log's own
   * record of what was committed); reads the rows only when a file carries no statistics.
   */
  public long jobRows(String tablePath, StagedRun staged) {
    String prefix = "job-" + safe(staged.run().jobId()) + "-";
    long rows = 0;
    for (WrittenFile f : tables.liveFiles(tablePath)) {
      if (fileName(f.path()).startsWith(prefix)) {
        if (f.rowCount() < 0) {
          return tables.countRowsWhere(tablePath, staged.deliveryColumns().jobId(), staged.run().jobId());
        }
        rows += f.rowCount();
      }
    }
    if (rows == 0 && batches.loadingBatch(tablePath, staged.run().jobId()).isPresent()) {
      // Merged files hold several jobs: count this job's rows.
      return tables.countRowsWhere(tablePath, staged.deliveryColumns().jobId(), staged.run().jobId());
    }
    return rows;
  }

  /**
   * Rows per job of a batch in a version table, keyed by job id: from the statistics of a job's own
   * files where it was loaded alone, and from ONE scan of the job id column for the jobs loaded by batches.
   */
  public Map<String, Long> jobRows(String tablePath, List<StagedRun> runs) {
    Map<String, Long> rows = new LinkedHashMap<>();
    Set<String> batched = new LinkedHashSet<>();
    PinnedSnapshot table = tables.pin(tablePath);
    for (StagedRun run : runs) {
      String jobId = run.run().jobId();
      if (batches.loadingBatch(table, tablePath, jobId).isPresent()) {
        batched.add(jobId);
        rows.put(jobId, 0L);
      } else {
        rows.put(jobId, jobRows(tablePath, run));
      }
    }
    if (!batched.isEmpty()) {
      rows.putAll(tables.countRowsByValue(tablePath, runs.get(0).deliveryColumns().jobId(), batched));
    }
    return rows;
  }

  /** Loads staged runs of one workflow and schema version as one commit, each job once (see {@link BatchLoads}). */
  public BatchLoads.BatchLoaded loadBatch(String tablePath, List<StagedRun> runs) {
    return batches.load(tablePath, runs);
  }

  static String jobAppId(String jobId) {
    return "job:" + jobId;
  }

  private static Map<String, String> properties(StagedRun staged, int version) {
    return Map.of(PROP_WORKFLOW, staged.run().workflowId(), PROP_VERSION, Integer.toString(version),
        PROP_FINGERPRINT, staged.fingerprint());
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9_.-]", "_");
  }
}
