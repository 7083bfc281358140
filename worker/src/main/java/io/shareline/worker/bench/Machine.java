package io.shareline.worker.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What every benchmark prints before its figures: the Java, the cores and how busy they were. */
final class Machine {
  private Machine() {}

  /** For example {@code Java 17.0.15, 2 cores, load 0.41 0.60 1.02}. */
  static String describe() {
    return "Java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
        + " cores, load " + load();
  }

  /** The 1, 5 and 15-minute load averages: figures taken on a busy machine say so. */
  static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
