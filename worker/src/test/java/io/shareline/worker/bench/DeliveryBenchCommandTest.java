package io.shareline.worker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryBenchCommandTest {

  @Test
  void benchDeliveryRunsOnATinyInputAndPrintsEveryFigure(@TempDir Path dir) {
    BenchOutput run = BenchOutput.of("bench", "delivery", "--rows", "2000", "--streams", "4",
        "--stream-rows", "20", "--threads", "4", "--dir", dir.toString());

    String out = run.text();
    assertEquals(0, run.exit(), out);
    assertTrue(out.contains("ratio end-to-end / raw"), out);
    assertTrue(out.contains("peak heap, end-to-end"), out);
    assertTrue(out.contains("completed streams      4 of 4"), out);
    assertTrue(out.contains("peak heap per stream"), out);
  }
}
