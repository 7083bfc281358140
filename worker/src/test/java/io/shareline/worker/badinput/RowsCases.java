package io.shareline.worker.badinput;

import static io.shareline.common.Failures.CAST_STRICT_VIOLATION;
import static io.shareline.common.Failures.SOURCE_MALFORMED;
import static io.shareline.common.Failures.SOURCE_MISSING;
import static io.shareline.common.Failures.SOURCE_ROW_COUNT_MISMATCH;
import static io.shareline.worker.badinput.BadInputCase.delivered;
import static io.shareline.worker.badinput.BadInputCase.fails;
import static io.shareline.worker.badinput.BadInputCase.onRun;
import static io.shareline.worker.badinput.MetadataCases.concat;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.List;

/** Bad rows.jsonl and rows.jsonl.gz files. */
final class RowsCases {
  private RowsCases() {}

  /** The workflow whose field {@code n} the connector casts under the STRICT policy. */
  static final String STRICT_WORKFLOW = "rows-strict-field";

  static List<BadInputCase> all() {
    return List.of(
        rows("rows-utf16le", "rows in UTF-16LE with a byte order mark", fails(SOURCE_MALFORMED),
            run -> run.rowsEncoded(text -> concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(UTF_16LE)))),
        rows("rows-utf16be", "rows in UTF-16BE without a byte order mark", fails(SOURCE_MALFORMED),
            run -> run.rowsEncoded(text -> text.getBytes(UTF_16BE))),
        rows("rows-latin1", "rows in Latin-1 (é as one byte)", delivered(2).reading("name", "caf\ufffd", "cr\ufffdme"),
            run -> run.only().field("name", "STRING").row("name", "café").row("name", "crème")
                .rowsEncoded(text -> text.getBytes(ISO_8859_1))),
        rows("rows-invalid-utf8", "invalid UTF-8 (overlong, 0xFF, a cut sequence) in a string",
            delivered(2).reading("name", "a\ufffd\ufffd\ufffd\ufffd", "b"),
            run -> run.only().field("name", "STRING").line("{\"name\":\"a@BAD@\"}").line("{\"name\":\"b\"}")
                .rowsDamaged(bytes -> replace(bytes, "@BAD@".getBytes(UTF_8),
                    new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xFF, (byte) 0xE2, (byte) 0x82}))),
        rows("rows-crlf", "lines end in CRLF", delivered(2), run -> run.lineEnd("\r\n")),
        rows("rows-cr", "lines end in a lone CR", delivered(2), run -> run.lineEnd("\r")),
        rows("rows-bom", "a UTF-8 byte order mark before the first row", delivered(2),
            run -> run.rowsEncoded(text -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(UTF_8)))),
        rows("rows-blank-lines", "blank and whitespace-only lines between rows", delivered(2),
            run -> run.only().field("n", "INTEGER").line("").line("{\"n\":1}").line(" \t ").line("{\"n\":2}").line("")),
        rows("rows-gzip-truncated", "rows.jsonl.gz cut in half", fails(SOURCE_MALFORMED),
            run -> run.gzipped().rowsDamaged(bytes -> Arrays.copyOf(bytes, bytes.length / 2))),
        rows("rows-gzip-as-plain", "gzip bytes in rows.jsonl", fails(SOURCE_MALFORMED),
            run -> run.rowsDamaged(CorpusSource::gzip)),
        rows("rows-plain-as-gzip", "plain text in rows.jsonl.gz", fails(SOURCE_MALFORMED),
            run -> run.gzipped().rowsDamaged(RowsCases::gunzip)),
        rows("rows-gzip-two-members", "rows.jsonl.gz of two gzip members (concatenated files)", delivered(2),
            run -> run.rowsNamed("rows.jsonl.gz").rowsDamaged(bytes -> concat(CorpusSource.gzip(firstLine(bytes)),
                CorpusSource.gzip(Arrays.copyOfRange(bytes, firstLine(bytes).length, bytes.length))))),
        rows("rows-duplicate-key", "a key given twice: the last value counts", delivered(2, "n", 1).reading("n", null, 2L),
            run -> run.only().field("n", "INTEGER").line("{\"n\":1,\"n\":\"not a number\"}").line("{\"n\":\"x\",\"n\":2}")),
        rows("rows-nan", "the token `NaN` as a value", fails(SOURCE_MALFORMED),
            run -> run.only().field("x", "NUMBER").line("{\"x\":1.5}").line("{\"x\":NaN}")),
        rows("rows-infinity", "the token `-Infinity` as a value", fails(SOURCE_MALFORMED),
            run -> run.only().field("x", "NUMBER").line("{\"x\":-Infinity}").line("{\"x\":2}")),
        rows("rows-lone-surrogate", "an escaped lone surrogate `\\ud800` in a string", delivered(2).reading("name", "a?b", "?"),
            run -> run.only().field("name", "STRING").line("{\"name\":\"a\\ud800b\"}").line("{\"name\":\"\\udc00\"}")),
        rows("rows-nul-escaped", "an escaped NUL `\\u0000` in a string", delivered(2).reading("name", "a\u0000b", "c"),
            run -> run.only().field("name", "STRING").line("{\"name\":\"a\\u0000b\"}").line("{\"name\":\"c\"}")),
        rows("rows-nul-raw", "a raw NUL byte inside a string", fails(SOURCE_MALFORMED),
            run -> run.only().field("name", "STRING").line("{\"name\":\"a\u0000b\"}").line("{\"name\":\"c\"}")),
        rows("rows-control-raw", "a raw control character (0x01) inside a string", fails(SOURCE_MALFORMED),
            run -> run.only().field("name", "STRING").line("{\"name\":\"a\u0001b\"}").line("{\"name\":\"c\"}")),
        rows("rows-control-escaped", "escaped control characters and line ends in strings and keys", delivered(2),
            run -> run.only().field("name", "STRING").line("{\"name\":\"\\u0001\\n\\r\\t\\b\",\"\\u0002\":1}")
                .line("{\"name\":\"\\u001f\"}")),
        rows("rows-huge-string", "a string of 19,999,999 characters", delivered(2),
            run -> run.only().field("name", "STRING").row("name", "h".repeat(19_999_999)).row("name", "small")),
        rows("rows-string-over-limit", "a string of 20 MiB (over the reader's 20,000,000 characters)",
            fails(SOURCE_MALFORMED), run -> run.only().field("name", "STRING").row("name", "s".repeat(20 << 20))
                .row("name", "small")),
        rows("rows-deep-object", "an OBJECT value nested 200 deep", delivered(2),
            run -> run.only().field("doc", "OBJECT").line("{\"doc\":" + "{\"a\":".repeat(200) + "1" + "}".repeat(200) + "}")
                .line("{\"doc\":{\"b\":[[[[1]]]]}}")),
        rows("rows-deep-nesting", "a private value nested 100,000 deep", fails(SOURCE_MALFORMED),
            run -> run.only().field("n", "INTEGER").line("{\"n\":1,\"_p\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}")
                .line("{\"n\":2}")),
        rows("rows-5000-unknown-keys", "5,000 keys the schema does not name", delivered(2), run -> {
          StringBuilder line = new StringBuilder("{\"n\":1");
          for (int i = 0; i < 5_000; i++) {
            line.append(",\"k").append(i).append("\":").append(i);
          }
          run.only().field("n", "INTEGER").line(line.append('}').toString()).line("{\"n\":2}");
        }),
        rows("rows-key-60k", "a key of 60,000 characters", fails(SOURCE_MALFORMED),
            run -> run.only().field("n", "INTEGER").line("{\"n\":1,\"" + "k".repeat(60_000) + "\":1}").line("{\"n\":2}")),
        rows("rows-integer-overflow", "INTEGER 2^63 and -2^63-1", delivered(2, "n", 2),
            run -> run.only().field("n", "INTEGER").line("{\"n\":9223372036854775808}").line("{\"n\":-9223372036854775809}")),
        rows("rows-number-overflow", "NUMBER 1e400, MONEY 1e40", delivered(2, "x", 1, "price", 1),
            run -> run.only().field("x", "NUMBER").field("price", "MONEY").line("{\"x\":1e400,\"price\":1}")
                .line("{\"x\":1,\"price\":1e40}")),
        rows("rows-number-2000-digits", "a number of 2,000 digits", fails(SOURCE_MALFORMED),
            run -> run.only().field("x", "NUMBER").line("{\"x\":" + "9".repeat(2_000) + "}").line("{\"x\":1}")),
        rows("rows-extreme-dates", "DATE and DATETIME in years 0, 9999, +100000 and +999999999",
            delivered(4, "day", 1, "at", 1), run -> run.only().field("day", "DATE").field("at", "DATETIME")
                .row("day", "0000-01-01", "at", "0000-01-01T00:00:00Z")
                .row("day", "9999-12-31", "at", "9999-12-31T23:59:59.999999Z")
                .row("day", "+100000-01-01", "at", "+100000-01-01T00:00:00Z")
                .row("day", "+999999999-12-31", "at", "+999999999-12-31T00:00:00Z")),
        rows("rows-wrong-shapes", "values of the wrong shape in every type",
            delivered(2, "s", 1, "i", 2, "b", 1, "d", 1, "arr", 1, "obj", 1, "m", 1),
            run -> run.only().field("s", "STRING").field("i", "INTEGER").field("b", "BOOLEAN").field("d", "DATE")
                .field("arr", "ARRAY<INTEGER>").field("obj", "OBJECT").field("m", "MONEY")
                .line("{\"s\":{\"a\":1},\"i\":\"abc\",\"b\":\"yes\",\"d\":5,\"arr\":\"x\",\"obj\":[1],\"m\":true}")
                .line("{\"s\":\"ok\",\"i\":1.5,\"arr\":[1],\"obj\":{}}")),
        rows("rows-not-object", "a line holding a list", fails(SOURCE_MALFORMED), run -> run.line("[1,2]")),
        rows("rows-two-objects-one-line", "two objects on one line", fails(SOURCE_MALFORMED),
            run -> run.only().field("n", "INTEGER").line("{\"n\":1}{\"n\":2}")),
        rows("rows-cut-off", "the last line cut off", fails(SOURCE_MALFORMED),
            run -> run.only().field("n", "INTEGER").line("{\"n\":1}").line("{\"n\":").rowCount(2)),
        rows("rows-more-than-declared", "3 rows, row_count 2", fails(SOURCE_ROW_COUNT_MISMATCH),
            run -> run.row("name", "x", "n", 3).rowCount(2)),
        rows("rows-fewer-than-declared", "2 rows, row_count 5", fails(SOURCE_ROW_COUNT_MISMATCH), run -> run.rowCount(5)),
        rows("rows-empty-count-0", "an empty rows file, row_count 0", delivered(0), run -> run.only().field("n", "INTEGER")),
        rows("rows-absent-count-0", "no rows file, row_count 0", delivered(0),
            run -> run.only().field("n", "INTEGER").withoutRows()),
        rows("rows-absent-count-2", "no rows file, row_count 2", fails(SOURCE_MISSING), CorpusSource.Run::withoutRows),
        rows("rows-empty-count-2", "an empty rows file, row_count 2", fails(SOURCE_ROW_COUNT_MISMATCH),
            run -> run.only().field("n", "INTEGER").rowCount(2)),
        rows(STRICT_WORKFLOW, "a text in an INTEGER field cast STRICT", fails(CAST_STRICT_VIOLATION),
            run -> run.only().field("n", "INTEGER").line("{\"n\":1}").line("{\"n\":\"two\"}")));
  }

  private static BadInputCase rows(String id, String input, BadInputCase.Outcome expected,
      java.util.function.Consumer<CorpusSource.Run> damage) {
    return onRun(id, "rows", input, expected, damage);
  }

  private static byte[] firstLine(byte[] bytes) {
    int end = 0;
    while (bytes[end] != '\n') {
      end++;
    }
    return Arrays.copyOf(bytes, end + 1);
  }

  /** Undoes {@link CorpusSource.Run#gzipped()}'s compression: plain text under the .gz name. */
  private static byte[] gunzip(byte[] bytes) {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] replace(byte[] bytes, byte[] what, byte[] with) {
    for (int i = 0; i + what.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
        byte[] out = new byte[bytes.length - what.length + with.length];
        System.arraycopy(bytes, 0, out, 0, i);
        System.arraycopy(with, 0, out, i, with.length);
        System.arraycopy(bytes, i + what.length, out, i + with.length, bytes.length - i - what.length);
        return out;
      }
    }
    throw new IllegalArgumentException("marker not found");
  }
}
