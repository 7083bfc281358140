package io.shareline.connector;

import io.shareline.connector.spec.DeliverySettings;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checked staging file-name pattern ({@link DeliverySettings#stagingFileName()}). The rules live here alone
 * and are pure string checks, so the client and CLI refuse a bad pattern at create, workflow code may check
 * one, and the STAGE activity names files by the same rules.
 */
public final class StagingFileNamePattern {
  /** The placeholders a pattern may hold, in the order the help lists them. */
  public static final List<String> PLACEHOLDERS = List.of("workflow", "job", "date", "timestamp", "part");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
  /** Characters AWS lists as safe in object keys, minus those some tools mishandle; '/' is not a file name. */
  private static final Pattern SAFE_LITERAL = Pattern.compile("[A-Za-z0-9._-]*");
  private static final int MAX_LENGTH = 200;

  private final String pattern;

  private StagingFileNamePattern(String pattern) {
    this.pattern = pattern;
  }

  /** @throws IllegalArgumentException saying what is wrong with the pattern, naming an unknown placeholder */
  public static StagingFileNamePattern parse(String pattern) {
    if (pattern == null || pattern.isBlank() || pattern.length() > MAX_LENGTH) {
      throw invalid(pattern, "must be 1 to " + MAX_LENGTH + " characters");
    }
    Matcher m = PLACEHOLDER.matcher(pattern);
    int end = 0;
    boolean hasPart = false;
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        throw invalid(pattern, "has the unknown placeholder {" + m.group(1) + "}; known: " + known());
      }
      hasPart |= m.group(1).equals("part");
      checkLiteral(pattern, pattern.substring(end, m.start()));
      end = m.end();
    }
    checkLiteral(pattern, pattern.substring(end));
    if (!hasPart) {
      throw invalid(pattern, "needs {part}, or the files of one run overwrite each other");
    }
    if (pattern.startsWith(".") || pattern.startsWith("_")) {
      // Hadoop and Spark listings skip names starting with '.' or '_' as hidden.
      throw invalid(pattern, "must not start with '.' or '_'");
    }
    return new StagingFileNamePattern(pattern);
  }

  /** The pattern with every placeholder replaced by {@code valueOf} its name (e.g. {@code "part"}). */
  public String render(UnaryOperator<String> valueOf) {
    Matcher m = PLACEHOLDER.matcher(pattern);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(valueOf.apply(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Override
  public String toString() {
    return pattern;
  }

  private static void checkLiteral(String pattern, String literal) {
    if (!SAFE_LITERAL.matcher(literal).matches()) {
      throw invalid(pattern, "may hold only letters, digits, '.', '_', '-' besides placeholders");
    }
  }

  private static String known() {
    return String.join(" ", PLACEHOLDERS.stream().map(name -> "{" + name + "}").toList());
  }

  private static IllegalArgumentException invalid(String pattern, String why) {
    return new IllegalArgumentException("staging file-name pattern '" + pattern + "' " + why);
  }
}
