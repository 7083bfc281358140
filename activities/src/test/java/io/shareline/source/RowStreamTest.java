package io.shareline.source;

import static io.shareline.source.SourceFixture.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.source.SourceException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowStreamTest {

  /** Reads one row's tree off the stream's parser, leaving the rest of the file to it. */
  private static final ObjectReader TREE = RunSource.JSON.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @TempDir Path root;
  SourceFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new SourceFixture(root).workflow("wf");
  }

  private List<ObjectNode> readAll(String jobId) {
    List<ObjectNode> rows = new ArrayList<>();
    try (RowStream stream = fixture.source().openRows("wf", jobId)) {
      stream.forEachRemaining(rows::add);
    }
    return rows;
  }

  private SourceException failure(String jobId) {
    return assertThrows(SourceException.class, () -> readAll(jobId));
  }

  @Test
  void readsPlainRowsInOrder() {
    fixture.run("wf", "job-1").field("n", "INTEGER").rows(row("n", 1), row("n", 2)).write();

    assertEquals(List.of(row("n", 1), row("n", 2)), readAll("job-1"));
  }

  @Test
  void readsGzippedRows() {
    fixture.run("wf", "job-1").field("n", "INTEGER").rows(row("n", 1), row("n", 2)).gzip().write();

    assertEquals(List.of(row("n", 1), row("n", 2)), readAll("job-1"));
  }

  @Test
  void skipsBlankLinesWhileLineNumbersStillCountThem() {
    fixture.run("wf", "job-1").lines("{\"n\":1}", "", "   ", "{\"n\":2}").write();

    try (RowStream stream = fixture.source().openRows("wf", "job-1")) {
      stream.next();
      stream.next();
      assertFalse(stream.hasNext());
      assertEquals(2, stream.linesRead());
      assertEquals(4, stream.lineNumber());
    }
  }

  @Test
  void byteOrderMarkBeforeTheFirstRowIsIgnored() {
    fixture.run("wf", "job-1").lines("\uFEFF{\"n\":1}").write();

    assertEquals(List.of(row("n", 1)), readAll("job-1"));
  }

  @Test
  void linesEndAtCrLfLoneCrOrLfAsAReaderSplitsThem() {
    fixture.run("wf", "job-1").rowCount(4).write();
    SourceFixture.write(fixture.run("wf", "job-1").dir().resolve("rows.jsonl"),
        "{\"n\":1}\r\n{\"n\":2}\r{\"n\":3}\n\r\n{\"n\":4}");

    try (RowStream stream = fixture.source().openRows("wf", "job-1")) {
      List<ObjectNode> rows = new ArrayList<>();
      stream.forEachRemaining(rows::add);
      assertEquals(List.of(row("n", 1), row("n", 2), row("n", 3), row("n", 4)), rows);
      assertEquals(5, stream.lineNumber(), "the blank line between \\n and \\r\\n counts");
    }
  }

  @Test
  void rowsAcrossManyBuffersEqualEachLineReadAloneAsATree() throws Exception {
    java.util.Random random = new java.util.Random(5);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      int kind = random.nextInt(20);
      lines.add(kind == 0 ? "" : kind == 1 ? "  \t" : kind == 2 ? "{\"big\":\"" + "y".repeat(random.nextInt(20_000)) + "\"}"
          : "{\"n\":" + i + ",\"s\":\"" + "z".repeat(random.nextInt(300)) + "\",\"o\":{\"a\":[1,2.5,null]}}" + (kind == 3 ? " \r" : ""));
    }
    fixture.run("wf", "job-1").lines(lines.toArray(String[]::new)).write();

    List<ObjectNode> alone = new ArrayList<>();
    for (String line : lines) {
      if (!line.isBlank()) {
        alone.add((ObjectNode) RunSource.JSON.readTree(line));
      }
    }
    assertEquals(alone, readAll("job-1"));
    assertEquals(alone, readStreamed("job-1"));
  }

  @Test
  void aBrokenLineAmongManyFailsAtItsLineAfterEveryRowBeforeIt() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      lines.add(i == 321 ? "{\"n\":1}{\"n\":2}" : "{\"n\":" + i + "}");
    }
    fixture.run("wf", "job-1").lines(lines.toArray(String[]::new)).write();

    List<ObjectNode> rows = new ArrayList<>();
    try (RowStream stream = fixture.source().openRows("wf", "job-1")) {
      SourceException failure = assertThrows(SourceException.class, () -> {
        while (stream.readNext(p -> rows.add(TREE.readTree(p)))) {
          // rows read before the broken line
        }
      });
      assertEquals(Kind.MALFORMED_JSON, failure.kind());
      assertEquals(322, stream.lineNumber());
      assertEquals(321, stream.linesRead());
    }
  }

  private List<ObjectNode> readStreamed(String jobId) {
    List<ObjectNode> rows = new ArrayList<>();
    ObjectNode[] last = new ObjectNode[1];
    try (RowStream stream = fixture.source().openRows("wf", jobId)) {
      while (stream.readNext(p -> last[0] = TREE.readTree(p))) {
        rows.add(last[0]);
      }
    }
    return rows;
  }

  @Test
  void aLineLongerThanTheReadBufferIsReadWhole() {
    String text = "x".repeat(100_000);
    fixture.run("wf", "job-1").rows(row("s", text), row("s", "short"), row("s", text)).write();

    assertEquals(List.of(row("s", text), row("s", "short"), row("s", text)), readAll("job-1"));
  }

  @Test
  void bytesThatAreNotUtf8ReadAsReplacementCharactersNotAsBrokenJson() {
    fixture.run("wf", "job-1").rowCount(2).write();
    byte[] latin1 = "{\"s\":\"caf\u00e9\"}\n{\"s\":\"ok\"}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    SourceFixture.write(fixture.run("wf", "job-1").dir().resolve("rows.jsonl"), latin1);

    assertEquals(List.of(row("s", "caf\uFFFD"), row("s", "ok")), readAll("job-1"));
    List<String> streamed = new ArrayList<>();
    try (RowStream stream = fixture.source().openRows("wf", "job-1")) {
      while (stream.readNext(p -> {
        p.nextToken();
        p.nextToken();
        streamed.add(p.getText());
        p.nextToken();
      })) {
        // every row read once more after decoding lands in the list twice: the first read failed midway
      }
    }
    assertEquals("caf\uFFFD", streamed.get(streamed.size() - 2));
    assertEquals("ok", streamed.get(streamed.size() - 1));
  }

  @Test
  void rowsBeforeABrokenLineAreDeliveredBeforeTheFailure() {
    fixture.run("wf", "job-1").lines("{\"n\":1}", "{\"n\":2}", "{broken").write();

    try (RowStream stream = fixture.source().openRows("wf", "job-1")) {
      assertEquals(row("n", 1), stream.next());
      assertEquals(row("n", 2), stream.next());
      assertThrows(SourceException.class, stream::hasNext);
    }
  }

  @Test
  void streamKeepsFailingAfterABrokenLine() {
    fixture.run("wf", "job-1").lines("{broken", "{\"n\":2}").write();

    try (RowStream stream = fixture.source().openRows("wf", "job-1")) {
      SourceException first = assertThrows(SourceException.class, stream::hasNext);
      assertEquals(first, assertThrows(SourceException.class, stream::next));
      assertEquals(0, stream.linesRead());
    }
  }

  @Test
  void malformedLineNamesFileAndLineButNeverTheValue() {
    fixture.run("wf", "job-1").lines("{\"n\":1}", "{\"email\": secret@example.com}", "{\"n\":3}").write();

    SourceException e = failure("job-1");

    assertEquals(Kind.MALFORMED_JSON, e.kind());
    assertEquals(2, e.line());
    assertEquals("workflows/wf/runs/job-1/rows.jsonl", e.file());
    assertTrue(e.getMessage().contains("workflows/wf/runs/job-1/rows.jsonl line 2"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void lineWithTwoValuesIsMalformed() {
    fixture.run("wf", "job-1").lines("{\"n\":1} {\"n\":2}").write();

    assertEquals(Kind.MALFORMED_JSON, failure("job-1").kind());
  }

  @Test
  void lineHoldingAnArrayIsNotAnObject() {
    fixture.run("wf", "job-1").lines("{\"n\":1}", "[1,2]").write();

    SourceException e = failure("job-1");

    assertEquals(Kind.NOT_AN_OBJECT, e.kind());
    assertEquals(2, e.line());
  }

  @Test
  void cutOffLastLineIsTruncated() {
    fixture.run("wf", "job-1").lines("{\"n\":1}", "{\"n\":").write();

    SourceException e = failure("job-1");

    assertEquals(Kind.TRUNCATED, e.kind());
    assertEquals(2, e.line());
  }

  @Test
  void aCutOffLastLineWithoutALineEndIsTruncated() {
    fixture.run("wf", "job-1").rowCount(2).write();
    SourceFixture.write(fixture.run("wf", "job-1").dir().resolve("rows.jsonl"), "{\"n\":1}\n{\"n\":\"cut off");

    SourceException e = failure("job-1");

    assertEquals(Kind.TRUNCATED, e.kind());
    assertEquals(2, e.line());
  }

  @Test
  void aRowSpreadOverTwoLinesIsMalformedAtItsFirstLine() {
    fixture.run("wf", "job-1").lines("{\"n\":1}", "{\"n\":", "2}", "{\"n\":3}").write();

    SourceException e = failure("job-1");

    assertEquals(Kind.MALFORMED_JSON, e.kind());
    assertEquals(2, e.line());
  }

  @Test
  void rowsInUtf16AreMalformedNotReadInTheEncodingTheirBytesSuggest() {
    fixture.run("wf", "job-1").rowCount(1).write();
    byte[] text = "{\"n\":1}\n".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
    byte[] withMark = new byte[text.length + 2];
    withMark[0] = (byte) 0xFF;
    withMark[1] = (byte) 0xFE;
    System.arraycopy(text, 0, withMark, 2, text.length);
    SourceFixture.write(fixture.run("wf", "job-1").dir().resolve("rows.jsonl"), withMark);

    assertEquals(Kind.MALFORMED_JSON, failure("job-1").kind());
    SourceFixture.write(fixture.run("wf", "job-1").dir().resolve("rows.jsonl"), text);
    assertEquals(Kind.MALFORMED_JSON, failure("job-1").kind(), "without a byte order mark too");
  }

  @Test
  void aLineOfInvalidUtf8AmongManyIsReadDecodedAndTheRowsAfterItGoOn() {
    fixture.run("wf", "job-1").rowCount(3000).write();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < 3000; i++) {
      byte[] line = ("{\"n\":" + i + ",\"s\":\"" + (i == 2500 ? "caf?" : "plain") + "\"}\n")
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      if (i == 2500) {
        line[line.length - 4] = (byte) 0xE9;
      }
      out.writeBytes(line);
    }
    SourceFixture.write(fixture.run("wf", "job-1").dir().resolve("rows.jsonl"), out.toByteArray());

    List<ObjectNode> rows = readAll("job-1");

    assertEquals(3000, rows.size());
    assertEquals("caf\uFFFD", rows.get(2500).get("s").asText());
    assertEquals(2999, rows.get(2999).get("n").asInt());
  }

  @Test
  void truncatedGzipIsTruncatedAndNotRetryable() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      text.append("{\"n\":").append(i).append(",\"pad\":\"row number ").append(i * 7919).append("\"}\n");
    }
    byte[] gz = SourceFixture.gzip(text.toString());
    Path file = fixture.run("wf", "job-1").gzip().write();
    Files.write(file, Arrays.copyOf(gz, gz.length / 2));

    SourceException e = failure("job-1");

    assertEquals(Kind.TRUNCATED, e.kind());
    assertFalse(e.retryable());
  }

  @Test
  void missingRowsFileIsMissing() throws Exception {
    Path file = fixture.run("wf", "job-1").field("n", "INTEGER").write();
    Files.delete(file);

    SourceException e = assertThrows(SourceException.class, () -> fixture.source().openRows("wf", "job-1"));

    assertEquals(Kind.MISSING, e.kind());
  }

  @Test
  void rowCountDifferentFromRunJsonIsDetected() {
    fixture.run("wf", "job-1").rows(row("n", 1), row("n", 2)).rowCount(3).write();
    RunInfo run = fixture.source().readRun("wf", "job-1");

    try (RowStream stream = fixture.source().openRows("wf", "job-1")) {
      stream.forEachRemaining(r -> { });
      assertEquals(2, stream.linesRead());
      SourceException e = assertThrows(SourceException.class, () -> stream.verifyRowCount(run.rowCount()));
      assertEquals(Kind.ROW_COUNT_MISMATCH, e.kind());
    }
  }

  @Test
  void matchingRowCountPassesVerification() {
    fixture.run("wf", "job-1").rows(row("n", 1), row("n", 2)).write();

    try (RowStream stream = fixture.source().openRows("wf", "job-1")) {
      stream.forEachRemaining(r -> { });
      stream.verifyRowCount(fixture.source().readRun("wf", "job-1").rowCount());
    }
  }

  @Test
  void onlyUnreadableFailuresAreRetryable() {
    for (Kind kind : Kind.values()) {
      assertEquals(kind == Kind.UNREADABLE, SourceException.of(kind, "f", "x").retryable(), kind.name());
    }
  }
}
