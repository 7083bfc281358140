package io.shareline.worker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.worker.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryBenchCommandTest {

  @Test
  void benchDeliveryRunsOnATinyInputAndPrintsEveryFigure(@TempDir Path dir) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit = Main.commandLine().execute("bench", "delivery", "--rows", "2000", "--streams", "4",
          "--stream-rows", "20", "--threads", "4", "--dir", dir.toString());
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, out);
    assertTrue(out.contains("ratio end-to-end / raw"), out);
    assertTrue(out.contains("peak heap, end-to-end"), out);
    assertTrue(out.contains("completed streams      4 of 4"), out);
    assertTrue(out.contains("peak heap per stream"), out);
  }
}
