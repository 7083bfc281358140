package io.shareline.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeltaTablesTest {

  private static final StructType EVERY_TYPE = new StructType()
      .add("name", StringType.STRING)
      .add("score", DoubleType.DOUBLE)
      .add("count", LongType.LONG)
      .add("rank", IntegerType.INTEGER)
      .add("active", BooleanType.BOOLEAN)
      .add("born", DateType.DATE)
      .add("seen_at", TimestampType.TIMESTAMP)
      .add("price", DeltaTypes.MONEY)
      .add("tags", new ArrayType(StringType.STRING, true))
      .add("prices", new ArrayType(DeltaTypes.MONEY, true))
      .add("matrix", new ArrayType(new ArrayType(LongType.LONG, true), true));

  private static final StructType PEOPLE = new StructType()
      .add("id", LongType.LONG)
      .add("city", StringType.STRING);

  @TempDir Path dir;
  private final Configuration conf = new Configuration();
  private final DeltaTables tables = new DeltaTables(conf);

  @Test
  void everyTypeSurvivesAppendAndReadBack() {
    String table = table("every");
    Object[] full = {
      "Zoë", 1.5, 9_007_199_254_740_993L, 7, true,
      (int) LocalDate.of(2024, 2, 29).toEpochDay(),
      micros(Instant.parse("2025-06-30T23:59:59.123456Z")),
      new BigDecimal("12345678901234567890123456789012.123456"),
      Arrays.asList("a", null, ""),
      Arrays.asList(new BigDecimal("0.000001"), null),
      Arrays.asList(List.of(1L, 2L), null, Arrays.asList((Object) null))
    };
    Object[] empty = new Object[EVERY_TYPE.length()];
    Object[] emptyArrays = {"", -0.25, -1L, -2, false, -1, -1L, new BigDecimal("-1.000000"), List.of(), List.of(), List.of()};
    tables.createIfAbsent(table, EVERY_TYPE, Map.of());

    AppendResult result = tables.appendFiles(table, stageAndCopy(table, EVERY_TYPE, List.of(full, empty, emptyArrays), "job1"), "t", 1);

    assertEquals(new AppendResult(false, 1), result);
    List<Map<String, Object>> rows = tables.readAll(table);
    assertEquals(3, rows.size());
    assertArrayEquals(full, rows.get(0).values().toArray());
    assertArrayEquals(empty, rows.get(1).values().toArray());
    assertArrayEquals(emptyArrays, rows.get(2).values().toArray());
  }

  @Test
  void parquetFilesAreSnappyCompressed() throws IOException {
    List<WrittenFile> files = tables.writeParquet(dir.resolve("staged").toUri().toString(), PEOPLE, people(1000, "Oslo"), 100);

    assertFalse(files.isEmpty());
    for (WrittenFile file : files) {
      try (ParquetFileReader reader = ParquetFileReader.open(
          HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.path()), conf))) {
        for (ColumnChunkMetaData column : reader.getFooter().getBlocks().get(0).getColumns()) {
          assertEquals(CompressionCodecName.SNAPPY, column.getCodec());
        }
      }
    }
  }

  @Test
  void writtenFilesCarryRowCountsAndStatistics() {
    List<WrittenFile> files = tables.writeParquet(dir.resolve("staged").toUri().toString(), PEOPLE, people(250, "Oslo"), 100);

    assertEquals(250, files.stream().mapToLong(WrittenFile::rowCount).sum());
    assertTrue(files.get(0).statsJson().contains("\"numRecords\":250"), files.get(0).statsJson());
    assertTrue(files.get(0).path().startsWith("file:/"), files.get(0).path());
  }

  @Test
  void sameTransactionIdTwiceIsAppliedOnce() {
    String table = table("people");
    tables.createIfAbsent(table, PEOPLE, Map.of());
    List<WrittenFile> files = stageAndCopy(table, PEOPLE, people(10, "Oslo"), "job-7");

    AppendResult first = tables.appendFiles(table, files, "people/job-7", 1);
    AppendResult second = tables.appendFiles(table, files, "people/job-7", 1);

    assertEquals(new AppendResult(false, 1), first);
    assertEquals(new AppendResult(true, 1), second);
    assertEquals(10, tables.countRows(table));
    assertEquals(java.util.Optional.of(1L), tables.transactionVersion(table, "people/job-7"));
  }

  @Test
  void racingRetriesOfOneLoadCommitExactlyOnce() throws Exception {
    String table = table("people");
    tables.createIfAbsent(table, PEOPLE, Map.of());
    List<WrittenFile> files = stageAndCopy(table, PEOPLE, people(10, "Oslo"), "job-9");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<AppendResult> results = new ArrayList<>();
    try {
      List<Future<AppendResult>> futures = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        futures.add(pool.submit(() -> tables.appendFiles(table, files, "people/job-9", 1)));
      }
      for (Future<AppendResult> future : futures) {
        results.add(future.get());
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(1, results.stream().filter(r -> !r.alreadyApplied()).count(), results.toString());
    assertEquals(10, tables.countRows(table));
    assertEquals(1, tables.info(table).version());
  }

  @Test
  void concurrentAppendsOfManyJobsToOneTableAllLandInAReadableLog() throws Exception {
    String table = table("people");
    tables.createIfAbsent(table, PEOPLE, Map.of());
    int jobs = 16;
    List<List<WrittenFile>> staged = new ArrayList<>();
    for (int j = 0; j < jobs; j++) {
      staged.add(stageAndCopy(table, PEOPLE, people(10, "Oslo"), "job-" + j));
    }
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    try {
      List<Future<AppendResult>> futures = new ArrayList<>();
      for (int j = 0; j < jobs; j++) {
        List<WrittenFile> files = staged.get(j);
        String appId = "people/job-" + j;
        futures.add(pool.submit(() -> tables.appendFiles(table, files, appId, 1)));
      }
      for (Future<AppendResult> future : futures) {
        assertFalse(future.get().alreadyApplied());
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(jobs * 10L, tables.countRows(table));
    assertEquals(jobs, tables.info(table).version());
  }

  @Test
  void anOlderTransactionVersionCountsAsAlreadyApplied() {
    String table = table("people");
    tables.createIfAbsent(table, PEOPLE, Map.of());
    tables.appendFiles(table, stageAndCopy(table, PEOPLE, people(3, "Oslo"), "a"), "loader", 5);

    AppendResult stale = tables.appendFiles(table, stageAndCopy(table, PEOPLE, people(3, "Oslo"), "b"), "loader", 4);

    assertTrue(stale.alreadyApplied());
    assertEquals(3, tables.countRows(table));
  }

  @Test
  void createIfAbsentTwiceIsANoOp() {
    String table = table("people");
    tables.createIfAbsent(table, PEOPLE, Map.of("delta.appendOnly", "true"));
    tables.createIfAbsent(table, PEOPLE, Map.of("delta.appendOnly", "true"));

    TableInfo info = tables.info(table);
    assertEquals(0, info.version());
    assertEquals(PEOPLE, info.schema());
    assertEquals("true", info.properties().get("delta.appendOnly"));
  }

  @Test
  void createIfAbsentWithAnotherSchemaFails() {
    String table = table("people");
    tables.createIfAbsent(table, PEOPLE, Map.of());

    assertThrows(IllegalStateException.class,
        () -> tables.createIfAbsent(table, PEOPLE.add("extra", StringType.STRING), Map.of()));
  }

  @Test
  void concurrentCreationSucceedsForEveryCaller() throws Exception {
    String table = table("raced");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(pool.submit((Callable<Boolean>) () -> {
          new DeltaTables(conf).createIfAbsent(table, PEOPLE, Map.of());
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertTrue(result.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, tables.info(table).version());
  }

  @Test
  void replaceWithChangesSchemaAndContent() {
    String table = table("latest");
    tables.createIfAbsent(table, PEOPLE, Map.of("shareline.version", "1"));
    tables.appendFiles(table, stageAndCopy(table, PEOPLE, people(5, "Oslo"), "v1"), "load", 1);
    StructType wider = new StructType().add("id", LongType.LONG).add("city", StringType.STRING).add("score", DoubleType.DOUBLE);
    List<Object[]> rows = List.of(new Object[] {1L, "Bergen", 0.5}, new Object[] {2L, "Bergen", null});

    long version = tables.replaceWith(table, wider, stageAndCopy(table, wider, rows, "v2"), Map.of("shareline.version", "2"));

    TableInfo info = tables.info(table);
    assertEquals(2, version);
    assertEquals(wider, info.schema());
    assertEquals(2, info.rowCount());
    assertEquals(1, info.dataFiles());
    assertEquals("2", info.properties().get("shareline.version"));
    assertEquals(2, tables.countRowsWhere(table, "city", "Bergen"));
    assertEquals(0, tables.countRowsWhere(table, "city", "Oslo"));
  }

  @Test
  void replaceWithCreatesAnAbsentTable() {
    String table = table("fresh");

    long version = tables.replaceWith(table, PEOPLE, stageAndCopy(table, PEOPLE, people(4, "Oslo"), "v1"), Map.of());

    assertEquals(0, version);
    assertEquals(4, tables.countRows(table));
  }

  @Test
  void checkpointIsWrittenAtVersionTen() {
    String table = table("busy");
    tables.createIfAbsent(table, PEOPLE, Map.of());
    for (int job = 1; job <= 10; job++) {
      tables.appendFiles(table, stageAndCopy(table, PEOPLE, people(2, "Oslo"), "job" + job), "busy", job);
    }

    assertTrue(Files.exists(dir.resolve("busy/_delta_log/00000000000000000010.checkpoint.parquet")));
    assertEquals(20, tables.countRows(table));
    assertEquals(10, tables.dataFileNames(table).size());
  }

  @Test
  void copyIntoIsIdempotentAndRepairsAPartialCopy() throws IOException {
    String table = table("people");
    tables.createIfAbsent(table, PEOPLE, Map.of());
    List<WrittenFile> staged = tables.writeParquet(dir.resolve("staged").toUri().toString(), PEOPLE, people(50, "Oslo"), 10);
    Path target = dir.resolve("people/job-1-00000.parquet");
    Files.write(target, new byte[] {1, 2, 3});

    List<WrittenFile> first = tables.copyInto(table, staged, "job-1");
    List<WrittenFile> second = tables.copyInto(table, staged, "job-1");

    assertEquals(first, second);
    assertEquals(staged.get(0).size(), Files.size(target));
    tables.appendFiles(table, second, "copy", 1);
    assertEquals(List.of("job-1-00000.parquet"), tables.dataFileNames(table));
    assertEquals(50, tables.countRows(table));
  }

  @Test
  void filesOutsideTheTableAreRefusedWithoutRetry() {
    String table = table("people");
    tables.createIfAbsent(table, PEOPLE, Map.of());
    List<WrittenFile> staged = tables.writeParquet(dir.resolve("staged").toUri().toString(), PEOPLE, people(5, "Oslo"), 10);

    DeltaWriteException e = assertThrows(DeltaWriteException.class, () -> tables.appendFiles(table, staged, "x", 1));

    assertFalse(e.retryable());
    assertEquals(0, tables.countRows(table));
  }

  @Test
  void aDecimalThatDoesNotFitIsRefusedWithoutRetry() {
    StructType money = new StructType().add("price", DeltaTypes.MONEY);
    List<Object[]> rows = List.<Object[]>of(new Object[] {new BigDecimal("0.0000001")});

    DeltaWriteException e = assertThrows(DeltaWriteException.class,
        () -> tables.writeParquet(dir.resolve("staged").toUri().toString(), money, rows.iterator(), 10));

    assertFalse(e.retryable());
  }

  @Test
  void columnMappedTablesAreRefusedWithoutRetry() {
    DeltaWriteException e = assertThrows(DeltaWriteException.class,
        () -> tables.createIfAbsent(table("mapped"), PEOPLE, Map.of("delta.columnMapping.mode", "name")));

    assertFalse(e.retryable());
    assertFalse(tables.exists(table("mapped")));
  }

  @Test
  void readingAMissingTableIsNotRetryable() {
    assertFalse(tables.exists(table("nothing")));
    DeltaWriteException e = assertThrows(DeltaWriteException.class, () -> tables.countRows(table("nothing")));
    assertFalse(e.retryable());
  }

  @Test
  void deltaLogIsPlainDelta() throws IOException {
    String table = table("people");
    tables.createIfAbsent(table, PEOPLE, Map.of());
    tables.appendFiles(table, stageAndCopy(table, PEOPLE, people(3, "Oslo"), "j"), "app", 1);

    Map<String, JsonNode> actions = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (String log : List.of("00000000000000000000.json", "00000000000000000001.json")) {
      for (String line : Files.readAllLines(dir.resolve("people/_delta_log").resolve(log))) {
        json.readTree(line).fields().forEachRemaining(e -> actions.put(e.getKey(), e.getValue()));
      }
    }

    JsonNode protocol = actions.get("protocol");
    assertEquals(1, protocol.get("minReaderVersion").asInt(), protocol.toString());
    assertFalse(protocol.has("readerFeatures"), protocol.toString());
    assertTrue(protocol.get("minWriterVersion").asInt() <= 2, protocol.toString());
    assertTrue(actions.get("metaData").get("schemaString").asText().contains("\"city\""));
    assertEquals("app", actions.get("txn").get("appId").asText());
    JsonNode add = actions.get("add");
    assertFalse(add.get("path").asText().contains("/"), add.toString());
    assertTrue(add.get("stats").asText().contains("\"numRecords\":3"), add.toString());
  }

  @Test
  void twoHundredThousandRowsStreamInSmallBatches() {
    String table = table("big");
    tables.createIfAbsent(table, PEOPLE, Map.of());
    Iterator<Object[]> rows = Stream.iterate(0L, i -> i + 1).limit(200_000)
        .map(i -> new Object[] {i, i % 4 == 0 ? "Oslo" : "Bergen"})
        .iterator();

    List<WrittenFile> staged = tables.writeParquet(dir.resolve("staged").toUri().toString(), PEOPLE, rows, 500);
    AppendResult result = tables.appendFiles(table, tables.copyInto(table, staged, "big"), "big", 1);

    assertFalse(result.alreadyApplied());
    assertEquals(200_000, tables.info(table).rowCount());
    assertEquals(200_000, tables.countRows(table));
    assertEquals(50_000, tables.countRowsWhere(table, "city", "Oslo"));
  }

  private String table(String name) {
    return dir.resolve(name).toUri().toString();
  }

  private List<WrittenFile> stageAndCopy(String table, StructType schema, List<Object[]> rows, String job) {
    return stageAndCopy(table, schema, rows.iterator(), job);
  }

  private List<WrittenFile> stageAndCopy(String table, StructType schema, Iterator<Object[]> rows, String job) {
    String staging = dir.resolve("staging").resolve(job).toUri().toString();
    return tables.copyInto(table, tables.writeParquet(staging, schema, rows, 100), job);
  }

  private static Iterator<Object[]> people(int count, String city) {
    return Stream.iterate(1L, i -> i + 1).limit(count).map(i -> new Object[] {i, city}).iterator();
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }
}
