package io.shareline.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints and checksums keep a much-appended table as cheap to open as a young one. */
class TableHealthTest {

  private static final StructType PEOPLE = new StructType().add("id", LongType.LONG).add("city", StringType.STRING);

  @TempDir Path dir;
  private final DeltaTables tables = new DeltaTables(new Configuration());

  @Test
  void readersOfAManyTimesAppendedTableReplayOnlyTheCommitsAfterItsLastCheckpoint() throws IOException {
    String table = dir.resolve("busy").toUri().toString();
    tables.createIfAbsent(table, PEOPLE, Map.of());
    for (int job = 1; job <= 125; job++) {
      appendJob(table, job);
    }

    Path log = dir.resolve("busy/_delta_log");
    assertEquals(120, new ObjectMapper().readTree(log.resolve("_last_checkpoint").toFile()).get("version").asLong());
    List<Long> checkpoints = LongStream.rangeClosed(1, 12).map(i -> i * 10).boxed().toList();
    assertEquals(checkpoints, versionsWithSuffix(log, ".checkpoint.parquet"));
    // The checksum hook ran after every commit: each version has its .crc.
    assertEquals(LongStream.rangeClosed(0, 125).boxed().toList(), versionsWithSuffix(log, ".crc"));

    LogSegmentInfo segment = tables.logSegment(table);
    assertEquals(125, segment.version());
    assertEquals(Optional.of(120L), segment.checkpointVersion());
    assertEquals(1, segment.checkpointFiles());
    assertEquals(5, segment.deltasReplayed());
    // Transaction ids folded into checkpoints still guard old jobs against a repeat.
    assertEquals(new AppendResult(true, 125), appendJob(table, 1));
    assertEquals(250, tables.countRows(table));
  }

  @Test
  void createdTablesDeclareTheirCheckpointInterval() {
    String table = dir.resolve("fresh").toUri().toString();
    tables.createIfAbsent(table, PEOPLE, Map.of("shareline.version", "1"));

    Map<String, String> properties = tables.info(table).properties();
    assertEquals("10", properties.get("delta.checkpointInterval"));
    assertEquals("1", properties.get("shareline.version"));
    assertEquals(new LogSegmentInfo(0, Optional.empty(), 1, 0, 0), tables.logSegment(table));
  }

  private AppendResult appendJob(String table, int job) {
    String staging = dir.resolve("staging/job-" + job).toUri().toString();
    List<WrittenFile> staged = tables.writeParquet(staging, PEOPLE,
        Stream.of(new Object[] {(long) job, "Oslo"}, new Object[] {(long) job, "Bergen"}).iterator(), 100);
    return tables.appendFiles(table, tables.copyInto(table, staged, "job-" + job), "job:" + job, 1);
  }

  private static List<Long> versionsWithSuffix(Path log, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(log)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(suffix) && !n.startsWith("."))
          .map(n -> Long.parseLong(n.substring(0, 20)))
          .sorted()
          .toList();
    }
  }
}
