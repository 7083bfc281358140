package io.shareline.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index hands out what a listing of the folder would, without enumerating it each time. */
class LogFolderIndexTest {

  @TempDir Path dir;
  private final AtomicLong nanos = new AtomicLong();
  private final LogFolderIndex index = new LogFolderIndex(Duration.ofSeconds(30), nanos::get);

  @Test
  void aWriterCommittingCheckpointingAndCleaningUpIsFollowedExactly() throws IOException {
    Random random = new Random(20261123);
    long lastCheckpoint = -1;
    for (long version = 0; version < 400; version++) {
      write(name(version, ".json"));
      if (random.nextInt(10) > 0) {
        write(name(version, ".crc"));
      }
      if (version > 0 && version % 10 == 0) {
        write(name(version, ".checkpoint.parquet"));
        write("_last_checkpoint");
        lastCheckpoint = version;
      }
      if (version % 50 == 49) {
        cleanUpBefore(lastCheckpoint - 20);
      }
      if (random.nextInt(4) == 0) {
        write("." + name(version, ".json") + "." + version + ".tmp");
      }
      long from = Math.max(lastCheckpoint, 0);
      assertEquals(listed(from), index.namesFrom(dir, prefix(from)), "after version " + version);
      // A reader holding a stale _last_checkpoint lists from an older checkpoint: a full enumeration.
      if (lastCheckpoint >= 20 && version % 7 == 0) {
        assertEquals(listed(lastCheckpoint - 10), index.namesFrom(dir, prefix(lastCheckpoint - 10)));
      }
      // The conflict checker lists from a commit file's full name.
      String commit = name(version, ".json");
      assertEquals(listed(from).stream().filter(n -> n.compareTo(commit) >= 0).toList(), index.namesFrom(dir, commit));
    }
  }

  @Test
  void namesAnotherEngineGivesAppearAtTheNextFullListing() throws IOException {
    for (long version = 0; version <= 10; version++) {
      write(name(version, ".json"));
    }
    write(name(10, ".checkpoint.parquet"));
    assertEquals(listed(10), index.namesFrom(dir, prefix(10)));

    write(name(11, ".json"));
    String multiPart = name(11, ".checkpoint.0000000001.0000000001.parquet");
    write(multiPart);
    List<String> seen = index.namesFrom(dir, prefix(10));
    assertEquals(List.of(name(10, ".checkpoint.parquet"), name(10, ".json"), name(11, ".json")), seen);

    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    assertEquals(listed(10), index.namesFrom(dir, prefix(10)));
    assertEquals(true, index.namesFrom(dir, prefix(10)).contains(multiPart));
  }

  @Test
  void aRemovedNameIsNotHandedOutAgainAndAMissingFolderIsReportedMissing() throws IOException {
    for (long version = 0; version <= 3; version++) {
      write(name(version, ".json"));
      write(name(version, ".crc"));
    }
    assertEquals(listed(0), index.namesFrom(dir, prefix(0)));
    Files.delete(dir.resolve(name(3, ".crc")));
    index.removed(dir, name(3, ".crc"));
    assertEquals(listed(0), index.namesFrom(dir, prefix(0)));

    assertThrows(FileNotFoundException.class, () -> index.namesFrom(dir.resolve("absent"), prefix(0)));
  }

  @Test
  void versionsAreReadFromLogFileNamesOnly() {
    assertEquals(12, LogFolderIndex.versionOf(name(12, ".json")));
    assertEquals(12, LogFolderIndex.versionOf(prefix(12)));
    assertEquals(12, LogFolderIndex.versionOf(String.format("%020d", 12)));
    assertEquals(-1, LogFolderIndex.versionOf("_last_checkpoint"));
    assertEquals(-1, LogFolderIndex.versionOf("." + name(12, ".json") + ".tmp"));
    assertEquals(-1, LogFolderIndex.versionOf(String.format("%021d", 12)));
  }

  private void cleanUpBefore(long version) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        long v = LogFolderIndex.versionOf(file.getFileName().toString());
        if (v >= 0 && v < version) {
          Files.delete(file);
        }
      }
    }
  }

  private List<String> listed(long from) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.compareTo(prefix(from)) >= 0).sorted().toList();
    }
  }

  private void write(String name) throws IOException {
    Files.writeString(dir.resolve(name), name);
  }

  private static String name(long version, String suffix) {
    return String.format("%020d%s", version, suffix);
  }

  private static String prefix(long version) {
    return name(version, ".");
  }
}
