package io.shareline.worker.bench;

import io.delta.kernel.types.StructType;
import io.shareline.connector.spec.DeliverySettings.CastPolicy;
import io.shareline.delivery.RunRef;
import io.shareline.delivery.StagedRun;
import io.shareline.delivery.stages.StagedRows;
import io.shareline.delta.DeltaTables;
import io.shareline.lakehouse.VersionTables;
import io.shareline.source.PublicSchema;
import io.shareline.source.RowStream;
import io.shareline.source.RunInfo;
import io.shareline.source.RunSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The STAGE work taken apart on the same run: the JSON tokens alone (every row read, its values skipped),
 * STAGE's own reader parsing and casting into the typed rows, and those rows written by STAGE's Parquet
 * writer ({@link DeltaTables#writeParquet}) and, read again, by parquet-hadoop with a minimal write support.
 * Typed rows are held {@value #CHUNK_ROWS} at a time ({@link ChunkedRows}), each chunk read and cast off
 * the writer's clock.
 */
final class PhaseSplit {

  /** Typed rows held at a time by the split's writers: a few tens of MB, never the whole run. */
  static final int CHUNK_ROWS = 50_000;

  private final RunSource source;
  private final RunRef run;
  private final Configuration conf = new Configuration();

  private Timing tokens;
  private Timing parseAndCast;
  private Timing write;
  private Timing rawWrite;
  private long rawBytes;

  PhaseSplit(Path sourceRoot, RunRef run) {
    this.source = new RunSource(conf, sourceRoot.toString());
    this.run = run;
  }

  void measure(Path scratch) throws IOException {
    Timing.Start clock = quietStart();
    try (RowStream stream = source.openRows(run.workflowId(), run.jobId())) {
      while (stream.readNext(parser -> parser.skipChildren())) {
        // every row's tokens, values skipped
      }
    }
    tokens = clock.stop();

    RunInfo info = source.readRun(run.workflowId(), run.jobId());
    PublicSchema schema = PublicSchema.of(info.schema());
    StructType table = VersionTables.dataSchema(schema.fields(), new StagedRun.DeliveryColumns(
        schema.jobIdColumn(), schema.runFinishedAtColumn(), schema.deliveredAtColumn()));
    List<StagedRows.CastField> fields = schema.fields().stream()
        .map(f -> new StagedRows.CastField(f, CastPolicy.LENIENT))
        .toList();
    long stamp = System.currentTimeMillis() * 1000;
    StagedRows.Stamp stamps = new StagedRows.Stamp(run.jobId(), stamp, stamp);

    System.gc();
    try (RowStream stream = source.openRows(run.workflowId(), run.jobId())) {
      ChunkedRows typed = new ChunkedRows(new StagedRows(stream, fields, stamps), CHUNK_ROWS);
      new DeltaTables(conf).writeParquet(scratch.resolve("staged").toUri().toString(), table, typed, 8_192);
      write = typed.writing();
      parseAndCast = typed.reading();
    }

    System.gc();
    try (RowStream stream = source.openRows(run.workflowId(), run.jobId())) {
      ChunkedRows typed = new ChunkedRows(new StagedRows(stream, fields, stamps), CHUNK_ROWS);
      rawBytes = RawParquetWriter.write(table, typed,
          new org.apache.hadoop.fs.Path(scratch.resolve("raw.parquet").toUri()), conf);
      rawWrite = typed.writing();
    }
  }

  /** A clock started after a collection, so no phase pays for the garbage of the one before. */
  private static Timing.Start quietStart() {
    System.gc();
    return Timing.start();
  }

  /** The JSON tokens of every row, values skipped: the floor of any JSONL reader. */
  Timing tokens() {
    return tokens;
  }

  /** STAGE's reader: rows parsed off the tokens and cast into typed values. */
  Timing parseAndCast() {
    return parseAndCast;
  }

  /** STAGE's Parquet writer on the typed rows. */
  Timing write() {
    return write;
  }

  Timing rawWrite() {
    return rawWrite;
  }

  long rawBytes() {
    return rawBytes;
  }
}
