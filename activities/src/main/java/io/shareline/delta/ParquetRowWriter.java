package io.shareline.delta;

import io.delta.kernel.defaults.engine.fileio.FileIO;
import io.delta.kernel.defaults.engine.hadoopio.HadoopFileIO;
import io.delta.kernel.defaults.internal.parquet.ParquetStatsReader;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.statistics.DataFileStatistics;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * Writes {@code Object[]} rows to Parquet files with parquet-hadoop directly: the files Kernel's default
 * writer makes of the same rows (layout, writer settings read from the same configuration keys, a new
 * file once one holds the target size, {@code <uuid>-<nnn>.parquet} names) and the same statistics
 * (Kernel's footer reader), without building Kernel column batches in between: that adapter cost as
 * much as the Parquet encoding itself.
 */
final class ParquetRowWriter {

  private static final long FIRST_SIZE_CHECK = 100;
  private static final long MAX_ROWS_BETWEEN_SIZE_CHECKS = 10_000;

  /**
   * The configuration Parquet's writer reads its own defaults from: what it would make itself, a new
   * Hadoop configuration, but made and parsed once (parsing Hadoop's default XML resources for every file
   * was a fifth of a small-run backfill's CPU). Only read, never set, so threads share it.
   */
  private static final Configuration DEFAULTS = parsed(new Configuration());

  private final Configuration conf;
  private final FileIO fileIO;
  private final long targetFileSize;

  ParquetRowWriter(Configuration conf) {
    this.conf = conf;
    this.fileIO = new HadoopFileIO(conf);
    this.targetFileSize = conf.getLong("delta.kernel.default.parquet.writer.targetMaxFileSize",
        DeltaTables.MERGED_FILE_TARGET_BYTES);
  }

  /** Writes every row of {@code rows} into files under {@code directory}; none for no rows. */
  List<WrittenFile> write(String directory, StructType schema, Iterator<Object[]> rows, List<Column> statsColumns)
      throws IOException {
    List<WrittenFile> written = new ArrayList<>();
    RowWriteSupport support = new RowWriteSupport(schema);
    for (int part = 0; rows.hasNext(); part++) {
      String path = new Path(directory, String.format("%s-%03d.parquet", UUID.randomUUID(), part)).toString();
      long count = 0;
      try (ParquetWriter<Object[]> writer = open(path, support)) {
        long nextSizeCheck = FIRST_SIZE_CHECK;
        do {
          writer.write(rows.next());
          count++;
          if (count == nextSizeCheck) {
            nextSizeCheck = nextSizeCheck(writer.getDataSize(), count);
          }
        } while (nextSizeCheck > count && rows.hasNext());
      }
      written.add(describe(path, schema, count, statsColumns));
    }
    return written;
  }

  /**
   * The row count at which to look at the file's size again, or {@code rows} when the file is full.
   * Asking after every row cost a quarter of the write (the writer sums every column's buffers): ask
   * when half the room left would be filled at the average row size so far, so a file ends within a
   * row of its target as before, and at least every {@link #MAX_ROWS_BETWEEN_SIZE_CHECKS} rows.
   */
  private long nextSizeCheck(long size, long rows) {
    if (size >= targetFileSize) {
      return rows;
    }
    long perRow = Math.max(1, size / rows);
    return rows + Math.max(1, Math.min(MAX_ROWS_BETWEEN_SIZE_CHECKS, (targetFileSize - size) / perRow / 2));
  }

  private ParquetWriter<Object[]> open(String path, WriteSupport<Object[]> support) throws IOException {
    Builder builder = new Builder(HadoopOutputFile.fromPath(new Path(path), conf), support).withConf(DEFAULTS);
    // The settings Kernel's writer takes from the configuration, and no others.
    String codec = conf.get(ParquetOutputFormat.COMPRESSION);
    if (codec != null) {
      builder.withCompressionCodec(CompressionCodecName.fromConf(codec));
    }
    String value;
    if ((value = conf.get(ParquetOutputFormat.BLOCK_SIZE)) != null) {
      builder.withRowGroupSize(Long.parseLong(value));
    }
    if ((value = conf.get(ParquetOutputFormat.PAGE_SIZE)) != null) {
      builder.withPageSize(Integer.parseInt(value));
    }
    if ((value = conf.get(ParquetOutputFormat.DICTIONARY_PAGE_SIZE)) != null) {
      builder.withDictionaryPageSize(Integer.parseInt(value));
    }
    if ((value = conf.get(ParquetOutputFormat.MAX_PADDING_BYTES)) != null) {
      builder.withMaxPaddingSize(Integer.parseInt(value));
    }
    if ((value = conf.get(ParquetOutputFormat.ENABLE_DICTIONARY)) != null) {
      builder.withDictionaryEncoding(Boolean.parseBoolean(value));
    }
    if ((value = conf.get(ParquetOutputFormat.VALIDATION)) != null) {
      builder.withValidation(Boolean.parseBoolean(value));
    }
    if ((value = conf.get(ParquetOutputFormat.WRITER_VERSION)) != null) {
      builder.withWriterVersion(WriterVersion.fromString(value));
    }
    return builder.build();
  }

  /** Size, time and statistics as Kernel's writer reports them: stats come from the file's footer. */
  private WrittenFile describe(String path, StructType schema, long rows, List<Column> statsColumns) throws IOException {
    FileStatus status = fileIO.getFileStatus(path);
    String resolved = fileIO.resolvePath(path);
    DataFileStatistics stats = statsColumns.isEmpty()
        ? new DataFileStatistics(rows, Collections.emptyMap(), Collections.emptyMap(), Collections.emptyMap(),
            Optional.empty())
        : ParquetStatsReader.readDataFileStatistics(fileIO.newInputFile(resolved, status.getSize()), schema,
            statsColumns);
    return new WrittenFile(resolved, status.getSize(), status.getModificationTime(), stats.getNumRecords(),
        stats.serializeAsJson(schema));
  }

  private static Configuration parsed(Configuration conf) {
    conf.size(); // loads the default resources now
    return conf;
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final WriteSupport<Object[]> support;

    Builder(OutputFile file, WriteSupport<Object[]> support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
      return support;
    }
  }
}
