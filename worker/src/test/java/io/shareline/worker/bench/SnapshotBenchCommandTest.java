package io.shareline.worker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotBenchCommandTest {

  @Test
  void benchSnapshotBuildsASmallTableAndPrintsEveryFigure(@TempDir Path dir) {
    BenchOutput run = BenchOutput.of("bench", "snapshot", "--deliveries", "25", "--rows", "5", "--loads", "3",
        "--report-every", "10", "--dir", dir.toString());

    String out = run.text();
    assertEquals(0, run.exit(), out);
    assertTrue(out.contains("snapshot load, median wall (ms)"), out);
    assertTrue(out.contains("txn id lookup (load + job:1), median wall (ms)"), out);
    assertTrue(Pattern.compile("Delta version\\s+1\\s+25").matcher(out).find(), out);
    assertTrue(Pattern.compile("last checkpoint version\\s+-1\\s+20").matcher(out).find(), out);
    assertTrue(Pattern.compile("commit files replayed after it\\s+2\\s+5").matcher(out).find(), out);
    assertTrue(Pattern.compile("checkpoints on disk\\s+0\\s+2").matcher(out).find(), out);
    assertTrue(out.contains("commits/s"), out);
  }
}
