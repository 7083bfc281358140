package io.shareline.lakehouse;

import io.shareline.common.Failures;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of staged Parquet files from a connector's pattern ({@code {workflow}}, {@code {job}},
 * {@code {date}}, {@code {timestamp}}, {@code {part}}). Every value comes from the run, never the clock,
 * so a retried STAGE writes the same names and overwrites rather than duplicates.
 */
public final class StagingNames {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
  private static final Set<String> KNOWN = Set.of("workflow", "job", "date", "timestamp", "part");
  /** Characters AWS lists as safe in object keys, minus those some tools mishandle; '/' is not a file name. */
  private static final Pattern SAFE_LITERAL = Pattern.compile("[A-Za-z0-9._-]*");
  private static final Pattern UNSAFE_VALUE = Pattern.compile("[^A-Za-z0-9._-]");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final int MAX_LENGTH = 200;
  private static final String SUFFIX = ".parquet";

  private final String pattern;

  private StagingNames(String pattern) {
    this.pattern = pattern;
  }

  /** Checks the pattern; anything it cannot safely name a file with fails as {@code CONFIG_INVALID}. */
  public static StagingNames parse(String pattern) {
    if (pattern == null || pattern.isBlank() || pattern.length() > MAX_LENGTH) {
      throw invalid(pattern, "must be 1 to " + MAX_LENGTH + " characters");
    }
    List<String> literals = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(pattern);
    int end = 0;
    boolean hasPart = false;
    while (m.find()) {
      if (!KNOWN.contains(m.group(1))) {
        throw invalid(pattern, "has the unknown placeholder {" + m.group(1) + "}; known: " + KNOWN);
      }
      hasPart |= m.group(1).equals("part");
      literals.add(pattern.substring(end, m.start()));
      end = m.end();
    }
    literals.add(pattern.substring(end));
    for (String literal : literals) {
      if (!SAFE_LITERAL.matcher(literal).matches()) {
        throw invalid(pattern, "may hold only letters, digits, '.', '_', '-' besides placeholders");
      }
    }
    if (!hasPart) {
      throw invalid(pattern, "needs {part}, or the files of one run overwrite each other");
    }
    if (pattern.startsWith(".") || pattern.startsWith("_")) {
      // Hadoop and Spark listings skip names starting with '.' or '_' as hidden.
      throw invalid(pattern, "must not start with '.' or '_'");
    }
    return new StagingNames(pattern);
  }

  /** The name of part {@code part} of a run; ends in {@code .parquet}. */
  public String fileName(String workflowId, String jobId, Instant runFinishedAt, int part) {
    Matcher m = PLACEHOLDER.matcher(pattern);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = switch (m.group(1)) {
        case "workflow" -> safe(workflowId);
        case "job" -> safe(jobId);
        case "date" -> DATE.format(runFinishedAt);
        case "timestamp" -> Long.toString(runFinishedAt.toEpochMilli());
        case "part" -> String.format("%05d", part);
        default -> throw new IllegalStateException(m.group(1));
      };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString().endsWith(SUFFIX) ? out.toString() : out + SUFFIX;
  }

  private static String safe(String id) {
    return UNSAFE_VALUE.matcher(id).replaceAll("_");
  }

  private static RuntimeException invalid(String pattern, String why) {
    return Failures.CONFIG_INVALID.failure("staging file-name pattern '" + pattern + "' " + why);
  }
}
