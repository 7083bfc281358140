package io.shareline.lakehouse;

import io.shareline.common.Failures;
import io.shareline.connector.StagingFileNamePattern;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Names of staged Parquet files from a connector's pattern ({@link StagingFileNamePattern}). Every value
 * comes from the run, never the clock, so a retried STAGE writes the same names and overwrites rather than
 * duplicates.
 */
public final class StagingNames {
  private static final Pattern UNSAFE_VALUE = Pattern.compile("[^A-Za-z0-9._-]");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final String SUFFIX = ".parquet";

  private final StagingFileNamePattern pattern;

  private StagingNames(StagingFileNamePattern pattern) {
    this.pattern = pattern;
  }

  /** Checks the pattern; anything it cannot safely name a file with fails as {@code CONFIG_INVALID}. */
  public static StagingNames parse(String pattern) {
    try {
      return new StagingNames(StagingFileNamePattern.parse(pattern));
    } catch (IllegalArgumentException e) {
      throw Failures.CONFIG_INVALID.failure(e.getMessage());
    }
  }

  /** The name of part {@code part} of a run; ends in {@code .parquet}. */
  public String fileName(String workflowId, String jobId, Instant runFinishedAt, int part) {
    String name = pattern.render(placeholder -> switch (placeholder) {
      case "workflow" -> safe(workflowId);
      case "job" -> safe(jobId);
      case "date" -> DATE.format(runFinishedAt);
      case "timestamp" -> Long.toString(runFinishedAt.toEpochMilli());
      case "part" -> String.format("%05d", part);
      default -> throw new IllegalStateException(placeholder);
    });
    return name.endsWith(SUFFIX) ? name : name + SUFFIX;
  }

  private static String safe(String id) {
    return UNSAFE_VALUE.matcher(id).replaceAll("_");
  }
}
