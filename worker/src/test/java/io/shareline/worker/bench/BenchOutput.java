package io.shareline.worker.bench;

import io.shareline.worker.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a {@code shareline} command line in this JVM and keeps what it printed. */
record BenchOutput(int exit, String text) {

  static BenchOutput of(String... args) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int exit = Main.commandLine().execute(args);
      return new BenchOutput(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }
}
