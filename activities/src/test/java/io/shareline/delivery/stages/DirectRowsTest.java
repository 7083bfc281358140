package io.shareline.delivery.stages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.connector.spec.DeliverySettings.CastPolicy;
import io.shareline.delivery.SourceBuilder;
import io.shareline.schema.PublicField;
import io.shareline.source.PublicSchema;
import io.shareline.source.RowStream;
import io.shareline.source.RunSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows read straight off their bytes ({@link io.shareline.source.DirectRows}) equal the rows read off
 * Jackson's tokens (which {@code StagedRowsTest} holds equal to the tree reader's), for random lines of
 * every JSON kind in every column type, and a line the direct read should not take fails as it did.
 */
class DirectRowsTest {

  private static final StagedRows.Stamp STAMP = new StagedRows.Stamp("job-1", 1L, 2L);
  private static final String[][] FIELDS = {
      {"s", "STRING"}, {"n", "NUMBER"}, {"i", "INTEGER"}, {"b", "BOOLEAN"}, {"d", "DATE"}, {"t", "DATETIME"},
      {"m", "MONEY"}, {"a", "ARRAY<INTEGER>"}, {"o", "OBJECT"}, {"aa", "ARRAY<ARRAY<NUMBER>>"}, {"ao", "ARRAY<OBJECT>"},
      {"as", "ARRAY<STRING>"}, {"l", "LINK"}, {"am", "ARRAY<MONEY>"}, {"ü ber", "STRING"}, {"_private", "STRING"}};
  private static final String[] OTHER_KEYS = {"x", "_secret", "nested", "é", ""};

  @TempDir Path root;

  @Test
  void randomLinesReadDirectlyEqualTheTokenReadersRows() throws Exception {
    Random random = new Random(42);
    SourceBuilder builder = new SourceBuilder(root).workflow("wf");
    SourceBuilder.Run run = withFields(builder.run("wf", "job-1"));
    int lines = 20_000;
    for (int i = 0; i < lines; i++) {
      run.line(new Lines(random).row());
    }
    run.write();

    Read direct = readBothWays("job-1");

    assertEquals(lines, direct.rows.size(), direct.failure);
    assertTrue(direct.readDirectly > lines / 10, "read directly: " + direct.readDirectly + " of " + lines);
  }

  @Test
  void linesThatFitTheirColumnsAreAllReadDirectly() throws Exception {
    Random random = new Random(7);
    SourceBuilder.Run run = withFields(new SourceBuilder(root).workflow("wf").run("wf", "job-1"));
    for (int i = 0; i < 2_000; i++) {
      run.line(new Lines(random).fittingRow());
    }
    run.write();

    Read direct = readBothWays("job-1");

    assertEquals(2_000, direct.readDirectly);
  }

  @Test
  void keysInChangingOrdersAndMoreKeysThanItKeepsReadAsTheTokenReaderReadsThem() throws Exception {
    Random random = new Random(11);
    SourceBuilder.Run run = new SourceBuilder(root).workflow("wf").run("wf", "job-1");
    // Keys 2 to 16 bytes long, some the start of others; over a hundred kept, some private, some not in the schema.
    List<String> keys = new ArrayList<>();
    for (int k = 0; k < 300; k++) {
      String key = (k % 7 == 0 ? "_k" : "k") + "x".repeat(k % 13) + k;
      keys.add(key);
      if (k < 200) {
        run.field(key, "INTEGER");
      }
    }
    int lines = 3_000;
    for (int i = 0; i < lines; i++) {
      // Mostly one order with keys left out or swapped at random, sometimes a new order, rarely a key twice.
      if (i % 500 == 0) {
        Collections.shuffle(keys, random);
      }
      List<String> line = new ArrayList<>(keys.subList(0, i % 10 == 0 ? 1 + random.nextInt(3) : 40 + random.nextInt(keys.size() - 40)));
      line.removeIf(k -> random.nextInt(10) == 0);
      if (line.isEmpty()) {
        line.add(keys.get(0));
      }
      if (random.nextInt(5) == 0) {
        Collections.swap(line, random.nextInt(line.size()), random.nextInt(line.size()));
      }
      if (random.nextInt(50) == 0) {
        line.add(line.get(random.nextInt(line.size())));
      }
      StringBuilder text = new StringBuilder("{");
      for (String key : line) {
        text.append(text.length() > 1 ? "," : "").append('"').append(key).append("\":").append(random.nextInt(1000));
      }
      run.line(text.append('}').toString());
    }
    run.write();

    Read direct = readBothWays("job-1");

    assertEquals(lines, direct.rows.size(), direct.failure);
    assertTrue(direct.readDirectly > lines * 9 / 10, "read directly: " + direct.readDirectly + " of " + lines);
  }

  @Test
  void anEscapeOrNonAsciiCharacterAtAnyPlaceOfAStringReadsAsJacksonReadsIt() throws Exception {
    SourceBuilder.Run run = withFields(new SourceBuilder(root).workflow("wf").run("wf", "job-1"));
    int lines = 0;
    for (String special : List.of("\\\"", "\\\\", "é", "😀", "\\n", "\\u00e9", "~")) {
      for (int length = 1; length <= 20; length++) {
        for (int at = 0; at < length; at++) {
          String text = "a".repeat(at) + special + "b".repeat(length - at - 1);
          run.line("{\"s\":\"" + text + "\",\"_private\":\"" + text + "\",\"o\":{\"k\":\""
              + (special.startsWith("\\") ? text.replace(special, "c") : text) + "\"}}"); // an object's escapes go to Jackson
          lines++;
        }
      }
    }
    run.write();

    Read direct = readBothWays("job-1");

    assertEquals(lines, direct.readDirectly);
  }

  @Test
  void dollarTextReadOffTheBytesEqualsTheTextReading() throws Exception {
    Random random = new Random(9);
    SourceBuilder.Run run = withFields(new SourceBuilder(root).workflow("wf").run("wf", "job-1"));
    for (int i = 0; i < 5_000; i++) {
      StringBuilder text = new StringBuilder(random.nextBoolean() ? "$" : "");
      int whole = 1 + random.nextInt(22);
      boolean grouped = random.nextBoolean();
      for (int d = whole; d > 0; d--) {
        text.append((char) ('0' + random.nextInt(10)));
        if (grouped && d > 1 && (d - 1) % 3 == 0) {
          text.append(random.nextInt(50) == 0 ? "" : ",");
        }
      }
      int decimals = random.nextInt(10) - 1; // -1: no decimal point
      if (decimals >= 0) {
        text.append('.').append("0123456789", 0, decimals);
      }
      run.line("{\"m\":\"" + text + "\",\"am\":[\"" + text + "\"]}");
    }
    run.write();

    readBothWays("job-1");
  }

  @Test
  void dateAndTimeTextReadOffTheBytesEqualsTheTextReading() throws Exception {
    Random random = new Random(13);
    SourceBuilder.Run run = withFields(new SourceBuilder(root).workflow("wf").run("wf", "job-1"));
    for (int i = 0; i < 5_000; i++) {
      // Canonical forms with parts out of range, other separators, spaces, escapes, fractions of 0 to 10 digits.
      String date = String.format("%04d-%02d-%02d", random.nextInt(10_000), random.nextInt(14), random.nextInt(33));
      String time = String.format("%02d:%02d:%02d", random.nextInt(26), random.nextInt(62), random.nextInt(62));
      int digits = random.nextInt(11);
      String fraction = digits == 0 ? "" : "." + String.valueOf(random.nextLong() & Long.MAX_VALUE).substring(0, digits);
      String dateTime = date + pick(random, "T", "T", "T", " ", "t") + time + fraction + pick(random, "Z", "Z", "Z", "+02:00", "", "z");
      String d = pick(random, date, date, date, " " + date, date.replace("-", "\\u002d"), dateTime);
      String t = pick(random, dateTime, dateTime, dateTime, dateTime + " ", dateTime.replace(":", "\\u003a"), date);
      run.line("{\"d\":\"" + d + "\",\"t\":\"" + t + "\"}");
    }
    run.write();

    Read direct = readBothWays("job-1");

    assertTrue(direct.readDirectly > 1_000, "read directly: " + direct.readDirectly);
  }

  private static String pick(Random random, String... options) {
    return options[random.nextInt(options.length)];
  }

  @Test
  void brokenLinesFailAsTheTokenReaderFailsThem() throws Exception {
    Random random = new Random(3);
    SourceBuilder builder = new SourceBuilder(root).workflow("wf");
    int runs = 400;
    for (int r = 0; r < runs; r++) {
      withFields(builder.run("wf", "job-" + r)).line("{}").write();
      byte[] line = new Lines(random).row().getBytes(StandardCharsets.UTF_8);
      Files.write(root.resolve("workflows/wf/runs/job-" + r + "/rows.jsonl"), mutate(line, random));
    }
    int failed = 0;
    for (int r = 0; r < runs; r++) {
      failed += readBothWays("job-" + r).failure != null ? 1 : 0;
    }
    assertTrue(failed > runs / 2, failed + " of " + runs + " broken lines failed");
  }

  private static SourceBuilder.Run withFields(SourceBuilder.Run run) {
    for (String[] field : FIELDS) {
      run.field(field[0], field[1]);
    }
    return run;
  }

  /** Cuts, inserts a byte, drops one, or adds text after the object. */
  private static byte[] mutate(byte[] line, Random random) {
    int at = random.nextInt(line.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (random.nextInt(4)) {
      case 0 -> out.write(line, 0, at);
      case 1 -> {
        out.write(line, 0, at);
        byte[] odd = {'"', '\\', '{', '}', '[', ']', ',', ':', '0', '-', 'e', '.', ' ', 1, (byte) 0xC3, (byte) 0xFF, (byte) 0x80};
        out.write(odd[random.nextInt(odd.length)]);
        out.write(line, at, line.length - at);
      }
      case 2 -> {
        out.write(line, 0, at);
        out.write(line, at + 1, line.length - at - 1);
      }
      default -> {
        out.write(line, 0, line.length);
        out.writeBytes(random.nextBoolean() ? " {}".getBytes(StandardCharsets.UTF_8) : " x".getBytes(StandardCharsets.UTF_8));
      }
    }
    out.write('\n');
    return out.toByteArray();
  }

  private record Read(List<Object[]> rows, Map<String, Long> nulled, String failure, long readDirectly) {}

  /** Reads run {@code jobId} straight off the bytes and off the tokens; both must give the same rows, counts and failure. */
  private Read readBothWays(String jobId) {
    Read direct = read(jobId, StagedRows.Reading.DIRECT_ALWAYS);
    Read tokens = read(jobId, StagedRows.Reading.TOKENS);
    assertEquals(tokens.failure, direct.failure, jobId);
    assertEquals(tokens.nulled, direct.nulled, jobId);
    assertEquals(tokens.rows.size(), direct.rows.size(), jobId);
    for (int i = 0; i < tokens.rows.size(); i++) {
      assertArrayEquals(tokens.rows.get(i), direct.rows.get(i), jobId + " row " + i);
    }
    return direct;
  }

  private Read read(String jobId, StagedRows.Reading reading) {
    RunSource source = new RunSource(new Configuration(), root.toString());
    List<PublicField> fields = PublicSchema.of(source.readRun("wf", jobId).schema()).fields();
    List<StagedRows.CastField> cast = fields.stream().map(f -> new StagedRows.CastField(f, CastPolicy.LENIENT)).toList();
    List<Object[]> rows = new ArrayList<>();
    String failure = null;
    StagedRows staged;
    try (RowStream stream = source.openRows("wf", jobId)) {
      staged = new StagedRows(stream, cast, STAMP, reading);
      try {
        staged.forEachRemaining(rows::add);
      } catch (RuntimeException e) {
        failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
    }
    return new Read(rows, staged.nulledByField(), failure, staged.rowsReadDirectly());
  }

  /** Random JSON text, spaced at random, with values of every kind. */
  private static final class Lines {
    private final Random random;
    private final StringBuilder out = new StringBuilder();
    /** Only what the direct read takes: no escapes, no numbers beyond a double or a long. */
    private boolean plain;

    Lines(Random random) {
      this.random = random;
    }

    /**
     * A row whose keys get any value at all, some keys given twice; or, one time in two, a row whose values
     * all fit their columns but with any text, escapes included.
     */
    String row() {
      return row(random.nextBoolean());
    }

    /** A row whose values all fit their columns (or are null), each key once, in the schema's order. */
    String fittingRow() {
      plain = true;
      return row(true);
    }

    private String row(boolean fitting) {
      space();
      out.append('{');
      List<String> keys = new ArrayList<>();
      for (String[] field : FIELDS) {
        if (fitting || random.nextInt(5) > 0) {
          keys.add(field[0]);
        }
      }
      if (!fitting) {
        for (String key : OTHER_KEYS) {
          if (random.nextInt(3) == 0) {
            keys.add(key);
          }
        }
        if (random.nextInt(10) == 0 && !keys.isEmpty()) {
          keys.add(keys.get(random.nextInt(keys.size()))); // given twice
        }
        Collections.shuffle(keys, random);
      }
      for (int k = 0; k < keys.size(); k++) {
        if (k > 0) {
          out.append(',');
          space();
        }
        space();
        quoted(keys.get(k));
        space();
        out.append(':');
        space();
        String key = keys.get(k);
        String type = Arrays.stream(FIELDS).filter(f -> f[0].equals(key)).map(f -> f[1]).findFirst().orElse(null);
        if (type != null && (fitting || random.nextInt(10) < 7)) {
          fitting(type, 0);
        } else {
          any(0);
        }
        space();
      }
      out.append('}');
      space();
      return out.toString();
    }

    private void fitting(String type, int depth) {
      if (random.nextInt(12) == 0) {
        out.append("null");
        return;
      }
      if (type.startsWith("ARRAY<")) {
        String element = type.substring(6, type.length() - 1);
        out.append('[');
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            out.append(',');
          }
          space();
          fitting(element, depth + 1);
        }
        out.append(']');
        return;
      }
      switch (type) {
        case "STRING", "LINK" -> quoted(text());
        case "NUMBER" -> out.append(random.nextBoolean() ? number() : String.valueOf(random.nextInt()));
        case "INTEGER" -> out.append(pick("0", "-0", "7", "-123456789012", "999999999999999999", String.valueOf(random.nextLong() >> 8)));
        case "BOOLEAN" -> out.append(random.nextBoolean());
        case "DATE" -> quoted(pick("2026-11-05", "1969-12-31", "0001-01-01", "2024-02-29", "2026-01-05T23:30:00Z"));
        case "DATETIME" -> {
          if (random.nextInt(4) == 0) {
            out.append(random.nextLong() >> 24);
          } else {
            quoted(pick("2026-11-01T06:00:00Z", "2026-11-01T06:00:00.037Z", "1970-01-01T00:00:00.123456789Z",
                "2026-01-05T08:30:00+02:00", "2026-01-05 08:30:00", "1960-06-30T23:59:59.9Z"));
          }
        }
        case "MONEY" -> {
          switch (random.nextInt(4)) {
            case 0 -> quoted(String.format("$%,d.%02d", random.nextInt(5_000_000), random.nextInt(100)));
            case 1 -> out.append(random.nextInt(500_000) / 100.0);
            case 2 -> out.append(random.nextInt());
            default -> quoted(pick("EUR 12.5", "12.50", "-US$3", "1234.5678901"));
          }
        }
        case "OBJECT" -> object(depth, true);
        default -> throw new IllegalArgumentException(type);
      }
    }

    private void any(int depth) {
      int kind = random.nextInt(depth > 3 ? 5 : 7);
      switch (kind) {
        case 0 -> out.append("null");
        case 1 -> out.append(random.nextBoolean());
        case 2 -> out.append(number());
        case 3, 4 -> quoted(text());
        case 5 -> {
          out.append('[');
          space();
          int n = random.nextInt(4);
          for (int i = 0; i < n; i++) {
            if (i > 0) {
              out.append(',');
              space();
            }
            any(depth + 1);
            space();
          }
          out.append(']');
        }
        default -> object(depth, plain);
      }
    }

    private void object(int depth, boolean publicKeysOnce) {
      out.append('{');
      space();
      int n = random.nextInt(5);
      List<String> keys = new ArrayList<>(List.of("name", "_account", "score", "é", "a", "_b", "tags", plain ? "k" : "k\\\"q"));
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          out.append(',');
          space();
        }
        String key = keys.get(random.nextInt(keys.size()));
        if (publicKeysOnce && (plain || random.nextInt(20) > 0)) {
          keys.remove(key);
          if (keys.isEmpty()) {
            keys.add("_only");
          }
        }
        out.append('"').append(key).append('"');
        space();
        out.append(':');
        space();
        any(depth + 1);
        space();
      }
      out.append('}');
    }

    private String number() {
      if (plain) {
        return pick("0", "-0", "1.5", "-0.0", "1e5", "1E-7", "0.1", "-17", "1.50", String.valueOf(random.nextDouble()));
      }
      return pick("0", "-0", "1.5", "-0.0", "1e5", "1E-7", "123.456e+2", "0.1", "12345678901234567", "1e400",
          "4.9e-324", "2.2250738585072014E-308", "98765432109876543210", "3.14159265358979323846", "-17",
          "1.50", "100", "0.000001", "9007199254740993", String.valueOf(random.nextDouble() * 1000),
          String.valueOf(random.nextGaussian()), String.valueOf(random.nextInt(1000)) + "." + random.nextInt(1000));
    }

    /** Text with escapes, non-ASCII and characters the generator must escape. */
    private String text() {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(12);
      for (int i = 0; i < n; i++) {
        switch (plain ? 4 + random.nextInt(3) + 7 * random.nextInt(2) : random.nextInt(14)) {
          case 0 -> text.append("\\n");
          case 1 -> text.append("\\\"");
          case 2 -> text.append("\\u00e9");
          case 3 -> text.append("\\ud83d\\ude00");
          case 4 -> text.append("é");
          case 5 -> text.append("中");
          case 6 -> text.append("😀");
          case 7 -> text.append("\\/");
          case 8 -> text.append("\\\\");
          case 9 -> text.append("\\ud800");
          case 10 -> text.append("\u2028");
          default -> text.append((char) ('a' + random.nextInt(26)));
        }
      }
      return text.toString();
    }

    private void quoted(String raw) {
      out.append('"').append(raw).append('"');
    }

    private void space() {
      int n = random.nextInt(8);
      if (n == 0) {
        out.append(' ');
      } else if (n == 1) {
        out.append('\t');
      }
    }

    private String pick(String... options) {
      return options[random.nextInt(options.length)];
    }
  }
}
