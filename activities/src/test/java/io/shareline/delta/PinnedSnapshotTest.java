package io.shareline.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinnedSnapshotTest {
  private static final StructType SCHEMA = new StructType().add("job", StringType.STRING).add("n", LongType.LONG);

  @TempDir Path dir;
  private final DeltaTables tables = new DeltaTables(new Configuration());

  @Test
  void everyTransactionIdReadsAsKernelReadsItAcrossCheckpointsAndLaterCommits() {
    String table = dir.resolve("t").toUri().toString();
    tables.createIfAbsent(table, SCHEMA, Map.of());
    for (int i = 0; i < 25; i++) {
      List<WrittenFile> files = tables.writeParquet(table, SCHEMA, List.<Object[]>of(new Object[] {"j" + i, (long) i})
          .iterator(), 10);
      tables.appendFiles(table, files, "job:" + (i % 7), i + 1);
    }

    PinnedSnapshot pinned = tables.pin(table);

    for (int id = 0; id < 7; id++) {
      assertEquals(tables.transactionVersion(table, "job:" + id), pinned.transactionVersion("job:" + id), "job:" + id);
    }
    assertEquals(Optional.of(22L), pinned.transactionVersion("job:0"), "the latest of its commits");
    assertEquals(Optional.empty(), pinned.transactionVersion("job:never"));
  }

  @Test
  void anAbsentTableHasNoTransactions() {
    PinnedSnapshot pinned = tables.pin(dir.resolve("absent").toUri().toString());

    assertFalse(pinned.exists());
    assertEquals(Optional.empty(), pinned.transactionVersion("job:1"));
  }
}
