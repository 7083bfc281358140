package io.shareline.lakehouse;

import io.delta.kernel.types.StructType;
import io.shareline.delivery.StagedRun;
import io.shareline.delta.AppendResult;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.PinnedSnapshot;
import io.shareline.delta.WrittenFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;

/**
 * Loads many staged runs of one workflow and schema version into their version table as ONE commit of
 * merged files (up to {@link DeltaTables#MERGED_FILE_TARGET_BYTES} each), for backfills of many small runs.
 *
 * <p>Idempotency stays per job although a Kernel commit carries a single transaction id: the commit is
 * tagged {@code batch:<id>} (the id hashes the batch's job ids), and before it each job gets a marker
 * {@code _shareline_jobs/<job>} naming the batch. A job counts as loaded when its own {@code job:<id>}
 * transaction is in the log, or its marker names a batch whose transaction is. A repeated batch finds
 * its transaction and writes nothing; jobs already loaded (alone or by another batch) are left out; and a
 * job loaded alone after this batch marked it makes the batch refuse to commit, never duplicate.
 * Writers of one version table are serialised by the workflows, as for single loads.
 */
public final class BatchLoads {
  static final String MARKERS = "_shareline_jobs";

  /** What a batch load did: the jobs it committed and those it found loaded already. */
  public record BatchLoaded(String batchId, long tableVersion, boolean alreadyApplied, List<String> loadedJobs,
      List<String> skippedJobs, List<WrittenFile> files) {}

  private final DeltaTables tables;
  private final JobMarkers markers;

  public BatchLoads(DeltaTables tables, Configuration conf) {
    this.tables = tables;
    this.markers = new JobMarkers(conf, MARKERS);
  }

  public BatchLoaded load(String tablePath, List<StagedRun> runs) {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("an empty batch");
    }
    StagedRun first = runs.get(0);
    for (StagedRun run : runs) {
      if (!run.run().workflowId().equals(first.run().workflowId()) || !run.fingerprint().equals(first.fingerprint())) {
        throw new IllegalArgumentException("a batch holds runs of one workflow and schema; " + run.run().key()
            + " differs from " + first.run().key());
      }
    }
    List<String> jobIds = runs.stream().map(r -> r.run().jobId()).toList();
    String batchId = hash(jobIds);
    String appId = batchAppId(batchId);
    // One snapshot answers every job's question (the workflows serialise this table's writers).
    PinnedSnapshot table = tables.pin(tablePath);
    if (table.transactionVersion(appId).isPresent()) {
      List<String> mine = jobIds.stream().filter(j -> readMarker(tablePath, j).filter(batchId::equals).isPresent()).toList();
      return new BatchLoaded(batchId, tables.latestVersion(tablePath), true, mine,
          jobIds.stream().filter(j -> !mine.contains(j)).toList(), List.of());
    }
    List<StagedRun> include = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (StagedRun run : runs) {
      if (isLoaded(table, tablePath, run.run().jobId())) {
        skipped.add(run.run().jobId());
        // An earlier attempt of this batch may have marked it before it was loaded some other way.
        if (readMarker(tablePath, run.run().jobId()).filter(batchId::equals).isPresent()) {
          deleteMarker(tablePath, run.run().jobId());
        }
      } else {
        include.add(run);
      }
    }
    if (include.isEmpty()) {
      return new BatchLoaded(batchId, tables.latestVersion(tablePath), true, List.of(), skipped, List.of());
    }
    for (StagedRun run : include) {
      writeMarker(tablePath, run.run().jobId(), batchId);
    }
    List<String> included = include.stream().map(r -> r.run().jobId()).toList();
    // Fresh names per attempt: an attempt never overwrites a file another attempt may have committed;
    // an attempt that does not commit leaves unreferenced files, which readers never see.
    String prefix = "batch-" + batchId + "-" + UUID.randomUUID().toString().substring(0, 8);
    StructType schema = VersionTables.dataSchema(first.fields(), first.deliveryColumns());
    List<WrittenFile> staged = include.stream()
        .flatMap(r -> r.files().stream())
        .map(f -> new WrittenFile(f.path(), f.size(), 0L, f.rowCount()))
        .toList();
    List<WrittenFile> files = tables.mergeParquet(staged, schema, tablePath, tablePath + "/_writing-" + prefix,
        part -> String.format("%s-%05d.parquet", prefix, part));
    PinnedSnapshot merged = tables.pin(tablePath);
    for (String jobId : included) {
      if (merged.transactionVersion(VersionTables.jobAppId(jobId)).isPresent()
          || !readMarker(tablePath, jobId).filter(batchId::equals).isPresent()) {
        throw new IllegalStateException("job " + jobId + " was loaded or re-batched while batch " + batchId
            + " was being written; the batch must be planned again");
      }
    }
    AppendResult result = tables.appendFiles(tablePath, files, appId, 1);
    return new BatchLoaded(batchId, result.version(), result.alreadyApplied(), included, skipped, files);
  }

  /** Whether a job's rows are in the table: committed alone ({@code job:<id>}) or by a batch. */
  public boolean isLoaded(String tablePath, String jobId) {
    return isLoaded(tables.pin(tablePath), tablePath, jobId);
  }

  /** The runs whose jobs are not in the table yet, from one snapshot of it. */
  public List<StagedRun> notLoaded(String tablePath, List<StagedRun> runs) {
    PinnedSnapshot table = tables.pin(tablePath);
    return runs.stream().filter(run -> !isLoaded(table, tablePath, run.run().jobId())).toList();
  }

  private boolean isLoaded(PinnedSnapshot table, String tablePath, String jobId) {
    return table.exists() && (table.transactionVersion(VersionTables.jobAppId(jobId)).isPresent()
        || loadingBatch(table, tablePath, jobId).isPresent());
  }

  /** The committed batch that loaded a job, if one did. */
  public Optional<String> loadingBatch(String tablePath, String jobId) {
    return loadingBatch(tables.pin(tablePath), tablePath, jobId);
  }

  /** The batch committed in {@code table} (the table at {@code tablePath}, pinned) that loaded a job, if one did. */
  public Optional<String> loadingBatch(PinnedSnapshot table, String tablePath, String jobId) {
    return readMarker(tablePath, jobId).filter(batchId -> table.transactionVersion(batchAppId(batchId)).isPresent());
  }

  static String batchAppId(String batchId) {
    return "batch:" + batchId;
  }

  private Optional<String> readMarker(String tablePath, String jobId) {
    return markers.read(tablePath, jobId);
  }

  private void writeMarker(String tablePath, String jobId, String batchId) {
    markers.write(tablePath, jobId, batchId);
  }

  private void deleteMarker(String tablePath, String jobId) {
    markers.delete(tablePath, jobId);
  }

  /** Deterministic for the same job ids in any order. */
  static String hash(List<String> jobIds) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String id : jobIds.stream().sorted().toList()) {
        digest.update(id.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
