package io.shareline.worker.oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.worker.Main;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void demoDeliversTheSampleSourceAndExitsZero() {
    try (CapturedStdout stdout = new CapturedStdout()) {
      int code = Main.commandLine().execute("demo", "--source", tmp.resolve("source").toString(),
          "--data-dir", tmp.resolve("data").toString());

      assertEquals(0, code, stdout.text());
      assertTrue(stdout.text().contains(" 0 private columns"), stdout.text());
      assertTrue(stdout.text().contains("Recipient profile: " + tmp.resolve("data").resolve("demo.share")), stdout.text());
      assertTrue(stdout.text().matches("(?s).*Read through the Delta Sharing protocol: \\d+ tables in share shareline_demo;"
          + " workflows has 3 rows.*"), stdout.text());
    }
  }
}
