package io.shareline.delta;

import io.delta.kernel.CommitActions;
import io.delta.kernel.CommitRangeBuilder.CommitBoundary;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.DeltaLogActionUtils.DeltaAction;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.util.VectorUtils;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what a recipient of a table may see, through Kernel: a snapshot (latest, at a version, or at a
 * timestamp) with its protocol, metadata and live files, and the file changes of a range of commits.
 */
public final class SnapshotReader {

  /** A table's state at one version, as the sharing protocol describes it. */
  public record TableState(long version, long timestampMillis, int minReaderVersion, int minWriterVersion,
      String metadataId, String schemaString, List<String> partitionColumns, Map<String, String> configuration,
      Long createdTime, List<DataFile> files) {
    public long size() {
      return files.stream().mapToLong(DataFile::size).sum();
    }
  }

  /** One data file (path relative to the table root, or absolute) as the log's add or remove action names it. */
  public record DataFile(String path, long size, long modificationTime, String stats, Map<String, String> partitionValues) {}

  /** A file added or removed by one commit. */
  public record FileChange(boolean added, long version, long timestampMillis, DataFile file) {}

  /** A version or timestamp the table does not have (before its first commit, after its last, or deleted). */
  public static final class NoSuchVersion extends RuntimeException {
    NoSuchVersion(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Engine engine;
  private final TableFolder folder;

  SnapshotReader(Engine engine, TableFolder folder) {
    this.engine = engine;
    this.folder = folder;
  }

  /** The absolute location of a file the log names (relative to the table folder, or absolute). */
  public java.net.URI resolve(String tablePath, String logPath) {
    return folder.resolve(tablePath, logPath);
  }

  /** The latest state, or the one at {@code version}, or the newest at or before {@code timestampMillis}. */
  public TableState state(String tablePath, Optional<Long> version, Optional<Long> timestampMillis) {
    Snapshot snapshot = snapshot(tablePath, version, timestampMillis);
    return new TableState(snapshot.getVersion(), snapshot.getTimestamp(engine),
        snapshot.getProtocol().getMinReaderVersion(), snapshot.getProtocol().getMinWriterVersion(),
        snapshot.getMetadata().getId(), snapshot.getMetadata().getSchemaString(),
        snapshot.getPartitionColumnNames(), snapshot.getMetadata().getConfiguration(),
        snapshot.getMetadata().getCreatedTime().orElse(null), files(snapshot));
  }

  /** The latest version only: the cheapest call, for version checks. */
  public long latestVersion(String tablePath) {
    return snapshot(tablePath, Optional.empty(), Optional.empty()).getVersion();
  }

  /** The earliest version committed at or after {@code timestampMillis} (0 when before the first commit). */
  public long versionAtOrAfter(String tablePath, long timestampMillis) {
    Snapshot latest = snapshot(tablePath, Optional.empty(), Optional.empty());
    if (timestampMillis > latest.getTimestamp(engine)) {
      throw new NoSuchVersion("no version of the table was committed at or after " + timestampMillis, null);
    }
    Snapshot before;
    try {
      before = TableManager.loadSnapshot(tablePath).atTimestamp(timestampMillis, latest).build(engine);
    } catch (KernelException e) {
      return 0; // the timestamp precedes the first commit
    }
    return before.getTimestamp(engine) == timestampMillis ? before.getVersion() : before.getVersion() + 1;
  }

  /** Files added and removed by the commits {@code from} to {@code to} (inclusive), in commit order. */
  public List<FileChange> changes(String tablePath, long from, long to) {
    List<FileChange> changes = new ArrayList<>();
    try (CloseableIterator<CommitActions> commits = TableManager
        .loadCommitRange(tablePath, CommitBoundary.atVersion(from))
        .withEndBoundary(CommitBoundary.atVersion(to)).build(engine)
        .getCommitActions(engine, Set.of(DeltaAction.ADD, DeltaAction.REMOVE))) {
      while (commits.hasNext()) {
        try (CommitActions commit = commits.next(); CloseableIterator<ColumnarBatch> batches = commit.getActions()) {
          while (batches.hasNext()) {
            collect(batches.next(), commit.getVersion(), commit.getTimestamp(), changes);
          }
        }
      }
    } catch (KernelException e) {
      throw new NoSuchVersion("the table has no commits " + from + " to " + to, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e);
    }
    return changes;
  }

  private void collect(ColumnarBatch batch, long version, long timestamp, List<FileChange> into) throws IOException {
    int addColumn = batch.getSchema().indexOf(DeltaAction.ADD.colName);
    int removeColumn = batch.getSchema().indexOf(DeltaAction.REMOVE.colName);
    try (CloseableIterator<Row> rows = batch.getRows()) {
      while (rows.hasNext()) {
        Row row = rows.next();
        if (addColumn >= 0 && !row.isNullAt(addColumn)) {
          into.add(new FileChange(true, version, timestamp, dataFile(row.getStruct(addColumn))));
        } else if (removeColumn >= 0 && !row.isNullAt(removeColumn)) {
          into.add(new FileChange(false, version, timestamp, dataFile(row.getStruct(removeColumn))));
        }
      }
    }
  }

  private List<DataFile> files(Snapshot snapshot) {
    List<DataFile> files = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> batches = snapshot.getScanBuilder().build().getScanFiles(engine, true)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            files.add(dataFile(rows.next().getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static DataFile dataFile(Row action) {
    return new DataFile(action.getString(action.getSchema().indexOf("path")),
        longOr(action, "size", 0L), longOr(action, "modificationTime", 0L), stringOr(action, "stats"),
        partitionValues(action));
  }

  private static long longOr(Row row, String field, long fallback) {
    int i = row.getSchema().indexOf(field);
    return i < 0 || row.isNullAt(i) ? fallback : row.getLong(i);
  }

  private static String stringOr(Row row, String field) {
    int i = row.getSchema().indexOf(field);
    return i < 0 || row.isNullAt(i) ? null : row.getString(i);
  }

  private static Map<String, String> partitionValues(Row row) {
    int i = row.getSchema().indexOf("partitionValues");
    if (i < 0 || row.isNullAt(i)) {
      return Map.of();
    }
    MapValue map = row.getMap(i);
    return new LinkedHashMap<>(VectorUtils.toJavaMap(map));
  }

  private Snapshot snapshot(String tablePath, Optional<Long> version, Optional<Long> timestampMillis) {
    try {
      var builder = TableManager.loadSnapshot(tablePath);
      if (version.isPresent()) {
        builder = builder.atVersion(version.get());
      } else if (timestampMillis.isPresent()) {
        Snapshot latest = TableManager.loadSnapshot(tablePath).build(engine);
        if (timestampMillis.get() >= latest.getTimestamp(engine)) {
          return latest; // a time after the last commit sees the latest version
        }
        builder = builder.atTimestamp(timestampMillis.get(), latest);
      }
      return builder.build(engine);
    } catch (TableNotFoundException e) {
      throw new DeltaWriteException("no Delta table at " + tablePath, e, false);
    } catch (KernelException e) {
      throw new NoSuchVersion(e.getMessage(), e);
    }
  }
}
