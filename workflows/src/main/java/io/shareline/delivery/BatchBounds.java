package io.shareline.delivery;

import java.util.Map;

/**
 * Where a backfill batch closes: before its run count would exceed {@code maxRuns}, or its summed input
 * bytes {@code maxBytes}. The first run always fits, however large; a run missing from
 * {@code inputBytes} counts 0 bytes.
 *
 * @param inputBytes {@link RunRef#key()} → the run's rows-file size as stored
 */
public record BatchBounds(int maxRuns, long maxBytes, Map<String, Long> inputBytes) {

  public BatchBounds {
    maxRuns = Math.max(1, maxRuns);
    maxBytes = maxBytes <= 0 ? Long.MAX_VALUE : maxBytes;
    inputBytes = inputBytes == null ? Map.of() : Map.copyOf(inputBytes);
  }

  /** Cut by run count only: batches as they were before byte bounds. */
  public static BatchBounds runs(int maxRuns) {
    return new BatchBounds(maxRuns, Long.MAX_VALUE, Map.of());
  }

  /** The bytes {@code run} adds to a batch: its known size, or 0. */
  public long bytesOf(RunRef run) {
    return Math.max(0, inputBytes.getOrDefault(run.key(), 0L));
  }

  /** Whether {@code next} joins a batch already holding {@code runs} runs of {@code bytes} bytes. */
  public boolean admits(int runs, long bytes, RunRef next) {
    if (runs == 0) {
      return true;
    }
    return runs < maxRuns && bytesOf(next) <= maxBytes - bytes;
  }
}
