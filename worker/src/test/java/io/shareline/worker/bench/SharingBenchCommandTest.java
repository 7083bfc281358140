package io.shareline.worker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharingBenchCommandTest {

  @Test
  void benchSharingServesASmallTableAndPrintsEveryFigure(@TempDir Path dir) {
    BenchOutput run = BenchOutput.of("bench", "sharing", "--files", "30", "--queries", "3", "--warmup", "1",
        "--recipients", "2", "--seconds", "1", "--read-rows", "2000", "--dir", dir.toString());

    String out = run.text();
    assertEquals(0, run.exit(), out);
    assertTrue(out.contains("query of 30 files: p50 "), out);
    assertTrue(out.matches("(?s).*whole table of 2000 rows .* ratio \\d+\\.\\d+;.* protocol over transport \\d+\\.\\d+.*"),
        out);
    assertTrue(out.matches("(?s).*2 recipients for 1 s: \\d+ queries .*, 0 errors, heap used peak \\d+ MB.*"), out);
  }
}
