package io.shareline.delta;

import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.TableAlreadyExistsException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.snapshot.LogSegment;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import io.delta.kernel.utils.FileStatus;
import io.shareline.progress.Progress;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads plain Delta tables through Delta Kernel. One instance per process; thread-safe.
 * Tables are created without column mapping, so Parquet written by {@link #writeParquet} with the
 * logical schema is directly appendable.
 */
public final class DeltaTables {

  static final String ENGINE_INFO = "shareline";
  private static final Logger log = LoggerFactory.getLogger(DeltaTables.class);
  private static final int CONFLICT_ATTEMPTS = 5;
  /** Rebases of one blind append before it gives up (Kernel's default is 200; a busy ledger needs few). */
  static final int BLIND_APPEND_RETRIES = 200;
  /** Delta's default for data skipping: stats for the first 32 leaf columns. */
  private static final int STATS_COLUMNS = 32;
  /**
   * Commits between checkpoints. Kernel's default too, but written into every table we create so that any
   * engine writing it later checkpoints as often, and readers never replay more than this many commits.
   */
  public static final int CHECKPOINT_INTERVAL = 10;
  /** Kernel's Parquet writer starts a new file past this size (its default, set explicitly). */
  public static final long MERGED_FILE_TARGET_BYTES = 128L * 1024 * 1024;
  static final String CHECKPOINT_INTERVAL_PROPERTY = "delta.checkpointInterval";

  /** Parquet page size unless the Hadoop configuration sets {@code parquet.page.size}. */
  public static final int PAGE_SIZE_BYTES = 128 * 1024;

  private final Configuration conf;
  private final Engine engine;
  private final Engine smallFileEngine;
  private final ParquetRowWriter rowWriter;
  private final ParquetRowWriter smallFileWriter;
  private final TableScan scan;
  private final TableFolder folder;
  /**
   * Hadoop's local file system renames without an atomic "fail if it exists": two threads committing the
   * same version both succeed and the log is left unreadable (checksum error). Commits to one table are
   * therefore serialised within this process (the S3 log store is single-writer per table anyway).
   */
  private final Map<String, Object> commitLocks = new ConcurrentHashMap<>();

  public DeltaTables(Configuration hadoopConf) {
    this.conf = NioLocalFileSystem.use(new Configuration(hadoopConf));
    // Kernel's Parquet writer is uncompressed unless told otherwise (about 1.6x the bytes).
    conf.set("parquet.compression", "SNAPPY");
    // parquet-hadoop allocates one page-size compression buffer per open file up front: at the 1 MB
    // default that is most of a small concurrent delivery's heap. 128 KB pages compress about as well.
    if (hadoopConf.get("parquet.page.size") == null) {
      conf.setInt("parquet.page.size", PAGE_SIZE_BYTES);
    }
    // Listing _delta_log is the one cost of loading a snapshot that grows with every commit: on local
    // disk list names only and stat what follows the last checkpoint. (On s3a://, Delta's opt-in
    // delta.enableFastS3AListFrom=true does the same with startAfter, at one extra request per listing.)
    conf.setIfUnset(LocalLogStore.CONF_KEY, LocalLogStore.class.getName());
    // Writers in many processes (the ledger's appends) need S3 itself to refuse a version that exists.
    conf.setIfUnset(S3ConditionalLogStore.CONF_KEY, S3ConditionalLogStore.class.getName());
    conf.setIfUnset("delta.kernel.default.parquet.writer.targetMaxFileSize", Long.toString(MERGED_FILE_TARGET_BYTES));
    this.engine = DefaultEngine.create(conf);
    // A file that fits in one batch is small: dictionary encoding saves little there, and its per-column
    // buffers (16 KB each, allocated up front) are a large part of a small concurrent delivery's heap.
    Configuration small = new Configuration(conf);
    if (hadoopConf.get("parquet.enable.dictionary") == null) {
      small.setBoolean("parquet.enable.dictionary", false);
    }
    this.smallFileEngine = DefaultEngine.create(small);
    this.rowWriter = new ParquetRowWriter(conf);
    this.smallFileWriter = new ParquetRowWriter(small);
    this.scan = new TableScan(engine);
    this.folder = new TableFolder(conf);
  }

  /** Reads snapshots and commit ranges as a sharing recipient sees them, over this instance's engine. */
  public SnapshotReader reader() {
    return new SnapshotReader(engine, folder);
  }

  public boolean exists(String tablePath) {
    return latest(tablePath).isPresent();
  }

  /** Creates an empty table; a no-op if it exists with this schema; throws if it exists with another. */
  public void createIfAbsent(String tablePath, StructType schema, Map<String, String> properties) {
    requireNoColumnMapping(tablePath, properties);
    Optional<Snapshot> existing = latest(tablePath);
    if (existing.isEmpty()) {
      try {
        commit(tablePath, TableManager.buildCreateTableTransaction(tablePath, schema, ENGINE_INFO)
            .withTableProperties(withCheckpointInterval(properties))
            .build(engine), CloseableIterable.emptyIterable());
        return;
      } catch (TableAlreadyExistsException | ConcurrentWriteException e) {
        // Another caller created it first (Kernel reports a lost race on an empty folder as a
        // protocol change): compare schemas with what won.
        existing = latest(tablePath);
        if (existing.isEmpty()) {
          throw DeltaWriteException.of("create " + tablePath, e);
        }
      } catch (RuntimeException e) {
        throw DeltaWriteException.of("create " + tablePath, e);
      }
    }
    StructType actual = existing.orElseThrow().getSchema();
    if (!actual.equals(schema)) {
      throw new IllegalStateException(
          "table " + tablePath + " exists with schema " + actual + ", wanted " + schema);
    }
  }

  /**
   * Streams rows into Snappy Parquet files under {@code directory}, at most {@code rowsPerBatch} rows in
   * memory at a time. Rows that all fit in one batch make a small file, written without dictionaries.
   */
  public List<WrittenFile> writeParquet(String directory, StructType schema, Iterator<Object[]> rows, int rowsPerBatch) {
    if (!ParquetLayout.supports(schema)) {
      return writeParquetWithKernel(directory, schema, rows, rowsPerBatch);
    }
    try {
      RowLookahead ahead = new RowLookahead(rows, rowsPerBatch);
      return (ahead.allRead() ? smallFileWriter : rowWriter).write(directory, schema, ahead, statsColumns(schema));
    } catch (IOException | RuntimeException e) {
      throw DeltaWriteException.of("write parquet to " + directory, e);
    } finally {
      closeSource(rows);
    }
  }

  /** Kernel's own writer, for schemas {@link ParquetLayout} does not cover (structs, maps). */
  private List<WrittenFile> writeParquetWithKernel(String directory, StructType schema, Iterator<Object[]> rows,
      int rowsPerBatch) {
    try {
      RowBatches batches = new RowBatches(schema, rows, rowsPerBatch);
      Engine writer = batches.fitsInOneBatch() ? smallFileEngine : engine;
      try (CloseableIterator<DataFileStatus> files = writer.getParquetHandler()
          .writeParquetFiles(directory, batches, statsColumns(schema))) {
        return collect(files, schema);
      }
    } catch (IOException | RuntimeException e) {
      throw DeltaWriteException.of("write parquet to " + directory, e);
    }
  }

  /**
   * Rewrites Parquet files of {@code schema} as few files as Kernel's writer cuts them (one per
   * {@value #MERGED_FILE_TARGET_BYTES} bytes or so), part {@code i} named {@code fileName.apply(i)} in
   * {@code directory}, through the scratch folder {@code scratch}. Batches stream through; no file is held whole.
   */
  public List<WrittenFile> mergeParquet(List<WrittenFile> sources, StructType schema, String directory, String scratch,
      IntFunction<String> fileName) {
    CloseableIterator<FileStatus> inputs = Utils.toCloseableIterator(sources.stream()
        .map(f -> FileStatus.of(f.path(), f.size(), f.modificationTime()))
        .iterator());
    List<WrittenFile> written;
    try (CloseableIterator<FileReadResult> read = engine.getParquetHandler().readParquetFiles(inputs, schema, Optional.empty());
        CloseableIterator<DataFileStatus> files = engine.getParquetHandler().writeParquetFiles(scratch,
            read.map(r -> {
              Progress.beat("merge batch");
              return new FilteredColumnarBatch(r.getData(), Optional.empty());
            }), statsColumns(schema))) {
      written = collect(files, schema);
    } catch (IOException | RuntimeException e) {
      throw DeltaWriteException.of("merge parquet into " + directory, e);
    }
    try {
      return folder.renameInto(directory, written, fileName, scratch);
    } catch (IOException | RuntimeException e) {
      throw DeltaWriteException.of("name merged parquet files in " + directory, e);
    }
  }

  private static List<WrittenFile> collect(CloseableIterator<DataFileStatus> files, StructType schema) {
    List<WrittenFile> written = new ArrayList<>();
    while (files.hasNext()) {
      DataFileStatus file = files.next();
      Progress.beat("wrote " + (written.size() + 1) + " files");
      Optional<DataFileStatistics> stats = file.getStatistics();
      written.add(new WrittenFile(
          file.getPath(),
          file.getSize(),
          file.getModificationTime(),
          stats.map(DataFileStatistics::getNumRecords).orElse(-1L),
          stats.map(s -> s.serializeAsJson(schema)).orElse(null)));
    }
    return written;
  }

  /**
   * Like {@link #writeParquet(String, StructType, Iterator, int)}, but part {@code i} is named
   * {@code fileName.apply(i)} in {@code directory}: Kernel picks random names, and a caller whose retry
   * must overwrite rather than add files needs names it can reproduce. Parts are written to a scratch
   * folder first, so {@code directory} never lists a randomly named file.
   */
  public List<WrittenFile> writeParquet(String directory, StructType schema, Iterator<Object[]> rows, int rowsPerBatch,
      IntFunction<String> fileName) {
    String scratch = directory + "/_writing";
    List<WrittenFile> written = writeParquet(scratch, schema, rows, rowsPerBatch);
    try {
      return folder.renameInto(directory, written, fileName, scratch);
    } catch (IOException | RuntimeException e) {
      throw DeltaWriteException.of("name parquet files in " + directory, e);
    }
  }

  /**
   * Copies staged files into the table folder as {@code <namePrefix>-<index>.parquet}, keeping
   * complete earlier copies and overwriting partial ones.
   */
  public List<WrittenFile> copyInto(String tablePath, List<WrittenFile> staged, String namePrefix) {
    try {
      return folder.copyInto(tablePath, staged, namePrefix);
    } catch (IOException | RuntimeException e) {
      throw DeltaWriteException.of("copy into " + tablePath, e);
    }
  }

  /**
   * Appends files that already sit under {@code tablePath}, tagged with the Delta transaction
   * identifier (appId, txnVersion). An identifier already in the log means an earlier attempt
   * committed: nothing is written and {@code alreadyApplied} is true.
   */
  public AppendResult appendFiles(String tablePath, List<WrittenFile> files, String txnAppId, long txnVersion) {
    for (int attempt = 1; ; attempt++) {
      Snapshot snapshot = snapshot(tablePath);
      if (snapshot.getLatestTransactionVersion(engine, txnAppId).orElse(-1L) >= txnVersion) {
        return new AppendResult(true, snapshot.getVersion());
      }
      try {
        requireNoColumnMapping(tablePath, snapshot.getTableProperties());
        Transaction txn = snapshot.buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE)
            .withTransactionId(txnAppId, txnVersion)
            .build(engine);
        return new AppendResult(false, commit(tablePath, txn, addActions(txn, tablePath, files)));
      } catch (ConcurrentTransactionException e) {
        return new AppendResult(true, snapshot(tablePath).getVersion());
      } catch (ConcurrentWriteException e) {
        if (attempt >= CONFLICT_ATTEMPTS) {
          throw DeltaWriteException.of("append to " + tablePath + " after " + attempt + " attempts", e);
        }
        log.info("append to {} conflicted (attempt {}), re-reading the table", tablePath, attempt);
      } catch (RuntimeException e) {
        throw DeltaWriteException.of("append to " + tablePath, e);
      }
    }
  }

  /**
   * Appends files that already sit under {@code tablePath}, with no transaction identifier: a blind
   * append, for rows whose repeats readers tolerate. A commit that loses its version to another writer
   * (another thread or process; the log store refuses the second file of a version) is rebased by Kernel
   * onto the winning commits and tried again, up to {@value #BLIND_APPEND_RETRIES} times: a blind append
   * read nothing that a concurrent append could invalidate. Returns the committed version.
   */
  public long appendBlind(String tablePath, List<WrittenFile> files) {
    try {
      Transaction txn = snapshot(tablePath).buildUpdateTableTransaction(ENGINE_INFO, Operation.WRITE)
          .withMaxRetries(BLIND_APPEND_RETRIES)
          .build(engine);
      return commit(tablePath, txn, addActions(txn, tablePath, files));
    } catch (RuntimeException e) {
      throw DeltaWriteException.of("append to " + tablePath, e);
    }
  }

  /**
   * Replaces the table's schema, properties and rows with {@code files} in one commit (REPLACE TABLE);
   * creates the table if absent. Returns the committed version.
   */
  public long replaceWith(String tablePath, StructType schema, List<WrittenFile> files, Map<String, String> properties) {
    try {
      requireNoColumnMapping(tablePath, properties);
      Optional<Snapshot> existing = latest(tablePath);
      if (existing.isEmpty()) {
        try {
          Transaction create = TableManager.buildCreateTableTransaction(tablePath, schema, ENGINE_INFO)
              .withTableProperties(withCheckpointInterval(properties))
              .build(engine);
          return commit(tablePath, create, addActions(create, tablePath, files));
        } catch (TableAlreadyExistsException | ConcurrentWriteException e) {
          existing = latest(tablePath);
          if (existing.isEmpty()) {
            throw e;
          }
        }
      }
      // Kernel 4.4 only offers REPLACE TABLE on its snapshot implementation: the public
      // Table.createTransactionBuilder(.., REPLACE_TABLE) throws "REPLACE TABLE is not yet supported".
      Transaction replace = ((SnapshotImpl) existing.orElseThrow())
          .buildReplaceTableTransaction(schema, ENGINE_INFO)
          .withTableProperties(withCheckpointInterval(properties))
          .build(engine);
      return commit(tablePath, replace, addActions(replace, tablePath, files));
    } catch (RuntimeException e) {
      throw DeltaWriteException.of("replace " + tablePath, e);
    }
  }

  public TableInfo info(String tablePath) {
    Snapshot snapshot = snapshot(tablePath);
    long rows = 0;
    List<TableScan.LiveFile> files = scan.liveFiles(snapshot);
    for (TableScan.LiveFile file : files) {
      Optional<Long> counted = file.statsJson().flatMap(DataFileStatistics::getNumRecords);
      if (counted.isEmpty()) {
        return new TableInfo(snapshot.getVersion(), snapshot.getSchema(), files.size(),
            countRows(snapshot), snapshot.getTableProperties());
      }
      rows += counted.get();
    }
    return new TableInfo(snapshot.getVersion(), snapshot.getSchema(), files.size(), rows, snapshot.getTableProperties());
  }

  /** Counts rows by reading them back (not from statistics). */
  public long countRows(String tablePath) {
    return countRows(snapshot(tablePath));
  }

  public long countRowsWhere(String tablePath, String stringColumn, String value) {
    Snapshot snapshot = snapshot(tablePath);
    StructField field = snapshot.getSchema().get(stringColumn);
    AtomicLong count = new AtomicLong();
    scan.forEachRow(snapshot, new StructType().add(field), row -> {
      if (value.equals(row[0])) {
        count.incrementAndGet();
      }
    });
    return count.get();
  }

  /** Rows per value of a string column, for the given values only, in one scan. */
  public Map<String, Long> countRowsByValue(String tablePath, String stringColumn, java.util.Set<String> values) {
    Snapshot snapshot = snapshot(tablePath);
    StructField field = snapshot.getSchema().get(stringColumn);
    Map<String, Long> counts = new LinkedHashMap<>();
    values.forEach(v -> counts.put(v, 0L));
    scan.forEachRow(snapshot, new StructType().add(field), row -> {
      if (row[0] instanceof String value && counts.containsKey(value)) {
        counts.merge(value, 1L, Long::sum);
      }
    });
    return counts;
  }

  /**
   * Every live row, as Java values in schema order, of the files whose statistics allow a row matching
   * {@code skipFilesBy} (Kernel's data skipping on min/max; every file when empty). Rows of a file read
   * are not filtered: the caller tests each row.
   */
  public void forEachRow(String tablePath, Optional<Predicate> skipFilesBy, Consumer<Object[]> consumer) {
    Snapshot snapshot = snapshot(tablePath);
    scan.forEachRow(snapshot, snapshot.getSchema(), skipFilesBy, consumer);
  }

  /** Every live row as column name to Java value (dates as Integer days, timestamps as Long micros). */
  public List<Map<String, Object>> readAll(String tablePath) {
    Snapshot snapshot = snapshot(tablePath);
    List<String> names = snapshot.getSchema().fieldNames();
    List<Map<String, Object>> rows = new ArrayList<>();
    scan.forEachRow(snapshot, snapshot.getSchema(), values -> {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < values.length; i++) {
        row.put(names.get(i), values[i]);
      }
      rows.add(row);
    });
    return rows;
  }

  /** Loads the latest snapshot (what every LOAD and read pays first) and returns its version. */
  public long latestVersion(String tablePath) {
    return snapshot(tablePath).getVersion();
  }

  /** The latest snapshot (or the table's absence), loaded once for several reads of that version. */
  public PinnedSnapshot pin(String tablePath) {
    return new PinnedSnapshot(engine, latest(tablePath));
  }

  public Optional<Long> transactionVersion(String tablePath, String appId) {
    return snapshot(tablePath).getLatestTransactionVersion(engine, appId);
  }

  /** Live data files with absolute paths, sizes and statistics, as another table can take them. */
  public List<WrittenFile> liveFiles(String tablePath) {
    Snapshot snapshot = snapshot(tablePath);
    List<WrittenFile> files = new ArrayList<>();
    for (TableScan.LiveFile file : scan.liveFiles(snapshot)) {
      URI uri = folder.resolve(tablePath, file.path());
      files.add(new WrittenFile(uri.toString(), file.size(), 0L,
          file.statsJson().flatMap(DataFileStatistics::getNumRecords).orElse(-1L), file.statsJson().orElse(null)));
    }
    return files;
  }

  /**
   * Copies files into the table folder under their own names (a mirror of another table's files);
   * a complete earlier copy is kept, a partial one overwritten.
   */
  public List<WrittenFile> mirrorInto(String tablePath, List<WrittenFile> files) {
    try {
      return folder.mirrorInto(tablePath, files);
    } catch (IOException | RuntimeException e) {
      throw DeltaWriteException.of("mirror into " + tablePath, e);
    }
  }

  /** Live data files, as the log names them (relative to the table folder). */
  public List<String> dataFileNames(String tablePath) {
    return scan.liveFiles(snapshot(tablePath)).stream().map(TableScan.LiveFile::path).toList();
  }

  /**
   * What a reader of the latest snapshot replays: the checkpoint it starts from and the commits after it
   * (Kernel's own log segment, as {@code _last_checkpoint} and the log listing resolve it).
   */
  public LogSegmentInfo logSegment(String tablePath) {
    Snapshot snapshot = snapshot(tablePath);
    if (!(snapshot instanceof SnapshotImpl impl)) {
      throw new IllegalStateException("Kernel returned a " + snapshot.getClass().getName() + " for " + tablePath);
    }
    LogSegment segment = impl.getLogSegment();
    return new LogSegmentInfo(segment.getVersion(), segment.getCheckpointVersionOpt(), segment.getDeltas().size(),
        segment.getCheckpoints().size(), segment.getCompactions().size());
  }

  private long countRows(Snapshot snapshot) {
    AtomicLong count = new AtomicLong();
    StructType firstColumn = new StructType().add(snapshot.getSchema().at(0));
    scan.forEachRow(snapshot, firstColumn, row -> count.incrementAndGet());
    return count.get();
  }

  private URI fileUnder(String tablePath, String file) {
    try {
      return folder.fileUnder(tablePath, file);
    } catch (IOException e) {
      throw DeltaWriteException.of("resolve " + file, e);
    }
  }

  /** Files are written with logical column names, which only a table without column mapping reads. */
  private static void requireNoColumnMapping(String tablePath, Map<String, String> properties) {
    String mode = properties.getOrDefault("delta.columnMapping.mode", "none");
    if (!mode.equalsIgnoreCase("none")) {
      throw new DeltaWriteException(
          tablePath + " uses column mapping '" + mode + "', which Shareline does not write", null, false);
    }
  }

  private CloseableIterable<Row> addActions(Transaction txn, String tablePath, List<WrittenFile> files) {
    StructType schema = txn.getSchema(engine);
    List<DataFileStatus> statuses = new ArrayList<>();
    for (WrittenFile file : files) {
      URI uri = fileUnder(tablePath, file.path());
      Optional<DataFileStatistics> stats = file.statsJson() == null
          ? Optional.empty()
          : DataFileStatistics.deserializeFromJson(file.statsJson(), schema);
      statuses.add(new DataFileStatus(uri.toString(), file.size(), file.modificationTime(), stats));
    }
    Row state = txn.getTransactionState(engine);
    DataWriteContext context = Transaction.getWriteContext(engine, state, Map.of());
    return CloseableIterable.inMemoryIterable(
        Transaction.generateAppendActions(engine, state, Utils.toCloseableIterator(statuses.iterator()), context));
  }

  private long commit(String tablePath, Transaction txn, CloseableIterable<Row> actions) throws ConcurrentWriteException {
    TransactionCommitResult result;
    Progress.beat("commit");
    synchronized (commitLocks.computeIfAbsent(tablePath, p -> new Object())) {
      result = txn.commit(engine, actions);
    }
    for (PostCommitHook hook : result.getPostCommitHooks()) {
      Progress.beat("post-commit " + hook.getType());
      try {
        hook.threadSafeInvoke(engine);
      } catch (IOException | RuntimeException e) {
        // The commit stands; a missing checkpoint or checksum only slows later readers.
        log.warn("post-commit hook {} failed after version {}", hook.getType(), result.getVersion(), e);
      }
    }
    return result.getVersion();
  }

  private Snapshot snapshot(String tablePath) {
    try {
      return TableManager.loadSnapshot(tablePath).build(engine);
    } catch (TableNotFoundException e) {
      throw new DeltaWriteException("no Delta table at " + tablePath, e, false);
    } catch (RuntimeException e) {
      throw DeltaWriteException.of("read " + tablePath, e);
    }
  }

  private Optional<Snapshot> latest(String tablePath) {
    try {
      return Optional.of(TableManager.loadSnapshot(tablePath).build(engine));
    } catch (TableNotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      throw DeltaWriteException.of("read " + tablePath, e);
    }
  }

  private static Map<String, String> withCheckpointInterval(Map<String, String> properties) {
    if (properties.containsKey(CHECKPOINT_INTERVAL_PROPERTY)) {
      return properties;
    }
    Map<String, String> all = new LinkedHashMap<>(properties);
    all.put(CHECKPOINT_INTERVAL_PROPERTY, Integer.toString(CHECKPOINT_INTERVAL));
    return all;
  }

  private static void closeSource(Iterator<Object[]> rows) {
    if (rows instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the row source", e);
      }
    }
  }

  private static List<Column> statsColumns(StructType schema) {
    List<Column> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      DataType type = field.getDataType();
      if (!type.isNested() && columns.size() < STATS_COLUMNS) {
        columns.add(new Column(field.getName()));
      }
    }
    return columns;
  }
}
