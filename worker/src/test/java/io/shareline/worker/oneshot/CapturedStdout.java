package io.shareline.worker.oneshot;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Swaps System.out for a buffer while open: the one-shot commands print their report there. */
final class CapturedStdout implements AutoCloseable {
  private final PrintStream original = System.out;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  CapturedStdout() {
    System.setOut(new PrintStream(buffer, true, UTF_8));
  }

  String text() {
    System.out.flush();
    return buffer.toString(UTF_8);
  }

  @Override
  public void close() {
    System.setOut(original);
  }
}
