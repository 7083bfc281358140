package io.shareline.worker.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.kernel.types.StructType;
import io.shareline.delivery.RunRef;
import io.shareline.delivery.StagedRun;
import io.shareline.delta.DeltaTables;
import io.shareline.lakehouse.VersionTables;
import io.shareline.schema.PublicField;
import io.shareline.source.PublicSchema;
import io.shareline.source.RowStream;
import io.shareline.source.RunInfo;
import io.shareline.source.RunSource;
import io.shareline.source.ValueCaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The STAGE work taken apart on the same run: JSON parse alone, parse plus cast into the typed rows
 * (kept in memory), then those rows written by Kernel's Parquet writer and by parquet-hadoop directly.
 */
final class PhaseSplit {

  private final RunSource source;
  private final RunRef run;
  private final Configuration conf = new Configuration();

  private Timing parse;
  private Timing parseAndCast;
  private Timing kernelWrite;
  private Timing rawWrite;
  private long rawBytes;

  PhaseSplit(Path sourceRoot, RunRef run) {
    this.source = new RunSource(conf, sourceRoot.toString());
    this.run = run;
  }

  void measure(Path scratch) throws IOException {
    Timing.Start clock = Timing.start();
    long rows = 0;
    try (RowStream stream = source.openRows(run.workflowId(), run.jobId())) {
      while (stream.hasNext()) {
        stream.next();
        rows++;
      }
    }
    parse = clock.stop();

    RunInfo info = source.readRun(run.workflowId(), run.jobId());
    PublicSchema schema = PublicSchema.of(info.schema());
    StructType table = VersionTables.dataSchema(schema.fields(), new StagedRun.DeliveryColumns(
        schema.jobIdColumn(), schema.runFinishedAtColumn(), schema.deliveredAtColumn()));
    clock = Timing.start();
    List<Object[]> typed = cast(schema.fields(), (int) rows);
    parseAndCast = clock.stop();

    clock = Timing.start();
    new DeltaTables(conf).writeParquet(scratch.resolve("kernel").toUri().toString(), table, typed.iterator(), 8_192);
    kernelWrite = clock.stop();

    clock = Timing.start();
    rawBytes = RawParquetWriter.write(table, typed,
        new org.apache.hadoop.fs.Path(scratch.resolve("raw.parquet").toUri()), conf);
    rawWrite = clock.stop();
  }

  Timing parse() {
    return parse;
  }

  Timing parseAndCast() {
    return parseAndCast;
  }

  Timing kernelWrite() {
    return kernelWrite;
  }

  Timing rawWrite() {
    return rawWrite;
  }

  long rawBytes() {
    return rawBytes;
  }

  /** Same values, same order as the STAGE activity: public fields cast leniently, then the delivery columns. */
  private List<Object[]> cast(List<PublicField> fields, int expected) {
    ValueCaster[] casters = new ValueCaster[fields.size()];
    for (int i = 0; i < casters.length; i++) {
      casters[i] = new ValueCaster();
    }
    List<Object[]> out = new ArrayList<>(expected);
    long stamp = System.currentTimeMillis() * 1000;
    try (RowStream stream = source.openRows(run.workflowId(), run.jobId())) {
      while (stream.hasNext()) {
        ObjectNode row = stream.next();
        Object[] values = new Object[fields.size() + 3];
        for (int i = 0; i < casters.length; i++) {
          values[i] = casters[i].cast(row.get(fields.get(i).sourceName()), fields.get(i).type());
        }
        values[fields.size()] = run.jobId();
        values[fields.size() + 1] = stamp;
        values[fields.size() + 2] = stamp;
        out.add(values);
      }
    }
    return out;
  }

}
