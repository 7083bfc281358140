package io.shareline.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetRowWriterTest {

  private static final StructType SCHEMA = new StructType()
      .add("name", StringType.STRING)
      .add("score", DoubleType.DOUBLE)
      .add("count", LongType.LONG)
      .add("rank", IntegerType.INTEGER)
      .add("active", BooleanType.BOOLEAN)
      .add("born", DateType.DATE)
      .add("seen_at", TimestampType.TIMESTAMP)
      .add("price", DeltaTypes.MONEY)
      .add("small", new DecimalType(9, 2))
      .add("medium", new DecimalType(18, 3))
      .add("tags", new ArrayType(StringType.STRING, true))
      .add("prices", new ArrayType(DeltaTypes.MONEY, true))
      .add("matrix", new ArrayType(new ArrayType(LongType.LONG, true), true))
      .add("job", StringType.STRING, false);

  @TempDir Path dir;

  @Test
  void filesHaveKernelsParquetSchema() throws IOException {
    Configuration conf = conf(Long.MAX_VALUE);

    List<WrittenFile> ours = new ParquetRowWriter(conf).write(uri("ours"), SCHEMA, rows(50).iterator(), stats());
    List<DataFileStatus> kernels = kernelWrite(conf, rows(50));

    assertEquals(footer(kernels.get(0).getPath(), conf).getFileMetaData().getSchema(),
        footer(ours.get(0).path(), conf).getFileMetaData().getSchema());
  }

  @Test
  void statisticsMatchKernelsIncludingLongStrings() throws IOException {
    Configuration conf = conf(Long.MAX_VALUE);

    List<WrittenFile> ours = new ParquetRowWriter(conf).write(uri("ours"), SCHEMA, rows(300).iterator(), stats());
    List<DataFileStatus> kernels = kernelWrite(conf, rows(300));

    assertEquals(kernels.get(0).getStatistics().orElseThrow().serializeAsJson(SCHEMA), ours.get(0).statsJson());
    assertEquals(300, ours.get(0).rowCount());
    assertTrue(ours.get(0).statsJson().contains("\"minValues\""), ours.get(0).statsJson());
  }

  @Test
  void filesRollAtTheTargetSizeAsKernelsDo() throws IOException {
    Configuration conf = conf(16 * 1024);

    List<WrittenFile> ours = new ParquetRowWriter(conf).write(uri("ours"), SCHEMA, rows(3000).iterator(), stats());
    List<DataFileStatus> kernels = kernelWrite(conf, rows(3000));

    assertTrue(ours.size() > 1, "files: " + ours.size());
    assertEquals(kernels.size(), ours.size());
    for (int i = 0; i < ours.size(); i++) {
      assertEquals(kernels.get(i).getStatistics().orElseThrow().serializeAsJson(SCHEMA), ours.get(i).statsJson());
    }
  }

  @Test
  void noRowsWriteNoFile() throws IOException {
    assertEquals(List.of(), new ParquetRowWriter(conf(Long.MAX_VALUE)).write(uri("ours"), SCHEMA,
        List.<Object[]>of().iterator(), stats()));
  }

  private Configuration conf(long targetFileSize) {
    Configuration conf = new Configuration();
    conf.set("parquet.compression", "SNAPPY");
    conf.setInt("parquet.page.size", 4096);
    conf.setLong("delta.kernel.default.parquet.writer.targetMaxFileSize", targetFileSize);
    return conf;
  }

  private List<DataFileStatus> kernelWrite(Configuration conf, List<Object[]> rows) throws IOException {
    List<DataFileStatus> out = new ArrayList<>();
    try (CloseableIterator<DataFileStatus> files = DefaultEngine.create(conf).getParquetHandler()
        .writeParquetFiles(uri("kernel"), new RowBatches(SCHEMA, rows.iterator(), 100), stats())) {
      files.forEachRemaining(out::add);
    }
    return out;
  }

  private static ParquetMetadata footer(String path, Configuration conf) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(path), conf))) {
      return reader.getFooter();
    }
  }

  private static List<Column> stats() {
    List<Column> columns = new ArrayList<>();
    for (StructField f : SCHEMA.fields()) {
      if (!f.getDataType().isNested()) {
        columns.add(new Column(f.getName()));
      }
    }
    return columns;
  }

  /** Varied rows with nulls in every nullable column and strings longer than Kernel's 32-character prefix. */
  private static List<Object[]> rows(int n) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean nulls = i % 7 == 3;
      rows.add(new Object[] {
          nulls ? null : "name " + i + " " + "x".repeat(i % 50) + "\u00e9\u4e2d",
          nulls ? null : i * 0.5 - 10,
          nulls ? null : (long) i * 1_000_003L - 5,
          nulls ? null : i - 100,
          nulls ? null : i % 2 == 0,
          nulls ? null : 19_000 + i,
          nulls ? null : 1_700_000_000_000_000L + i * 37L,
          nulls ? null : new BigDecimal(i - 150).movePointLeft(2).setScale(6),
          nulls ? null : new BigDecimal(i).movePointLeft(2),
          nulls ? null : new BigDecimal(-i).movePointLeft(3),
          nulls ? null : Arrays.asList("t" + i, null, ""),
          nulls ? null : Arrays.asList(new BigDecimal("0.000001"), null),
          nulls ? null : Arrays.asList(List.of((long) i), null, Arrays.asList((Object) null)),
          "job-" + (i % 3)});
    }
    return rows;
  }

  private String uri(String name) {
    return dir.resolve(name).toUri().toString();
  }
}
