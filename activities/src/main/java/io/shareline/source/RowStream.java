package io.shareline.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.source.SourceException.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The rows of one run, read one line at a time so a run never has to fit in memory. Blank lines are
 * skipped. Errors surface from {@link #hasNext()} / {@link #next()} as {@link SourceException}s
 * carrying the physical line number.
 */
public final class RowStream implements AutoCloseable, Iterator<ObjectNode> {

  /**
   * Read buffers (line bytes and compressed bytes) of 8 K: larger ones read no faster, and with a
   * thousand runs delivered at once each 64 K buffer costs 128 KB of heap per run. The line buffer grows
   * to the longest line.
   */
  private static final int BUFFER_SIZE = 1 << 13;

  private final String file;
  private final InputStream raw;
  private final ByteLines lines;
  private long lineNumber;
  private long rowsRead;
  private ObjectNode next;
  private boolean exhausted;
  /**
   * Once a line fails, every later call fails the same way: rows after a bad line are never handed out.
   * A retry of a transient failure reopens the run and starts over.
   */
  private SourceException failure;
  /** Reads the rows of the lines already in the read buffer with one parser. */
  private final LineChunks chunks = new LineChunks();

  RowStream(InputStream raw, boolean gzip, String file) {
    this.raw = raw;
    this.file = file;
    try {
      InputStream in = gzip ? new GZIPInputStream(raw, BUFFER_SIZE) : raw;
      this.lines = new ByteLines(in, BUFFER_SIZE);
    } catch (IOException e) {
      closeQuietly();
      throw readFailure(e);
    }
  }

  @Override
  public boolean hasNext() {
    if (failure != null) {
      throw failure;
    }
    if (next == null && !exhausted) {
      try {
        advance();
      } catch (SourceException e) {
        failure = e;
        throw e;
      }
    }
    return next != null;
  }

  @Override
  public ObjectNode next() {
    if (!hasNext()) {
      throw new NoSuchElementException(file + " has no more rows");
    }
    ObjectNode row = next;
    next = null;
    rowsRead++;
    return row;
  }

  /** Rows (non-blank lines) handed out so far: compare it with the run's row_count once exhausted. */
  public long linesRead() {
    return rowsRead;
  }

  /** The physical line last read, blank lines included; what error messages cite. */
  public long lineNumber() {
    return lineNumber;
  }

  /** The file relative to the source root. */
  public String file() {
    return file;
  }

  /** After every row was read, throws {@link Kind#ROW_COUNT_MISMATCH} unless exactly {@code expected} rows were there. */
  public void verifyRowCount(long expected) {
    if (hasNext()) {
      throw new IllegalStateException("verifyRowCount needs the stream read to the end");
    }
    if (rowsRead != expected) {
      throw SourceException.of(
          Kind.ROW_COUNT_MISMATCH, file, "run.json declares " + expected + " rows, file has " + rowsRead);
    }
  }

  @Override
  public void close() {
    exhausted = true;
    next = null;
    chunks.close();
    try {
      lines.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads the next row straight off the JSON tokens, without a tree: {@code reader} gets the parser on the
   * row's opening brace and consumes the object through its closing brace. False once every row was read.
   * A line that is not one JSON object fails exactly as {@link #next()} fails on it. Do not mix with
   * {@link #next()}. The parser reads the line's bytes; a line that is not valid UTF-8 is read again
   * decoded, malformed bytes as U+FFFD (what a decoding reader gives), so {@code reader} may be called
   * twice for one row and must then start the row over.
   */
  public boolean readNext(FieldReader reader) {
    return readNext(null, reader);
  }

  /**
   * {@link #readNext(FieldReader)}, but each line is first offered to {@code direct} (when not null) as
   * its bytes; a line it does not take goes through {@code reader}.
   */
  public boolean readNext(LineReader direct, FieldReader reader) {
    if (failure != null) {
      throw failure;
    }
    if (next != null) {
      throw new IllegalStateException("readNext after hasNext has read a row ahead");
    }
    try {
      if (exhausted || !nextLine()) {
        exhausted = true;
        return false;
      }
      if (direct != null && direct.read(lines.array(), lines.start(), lines.end())) {
        chunks.close(); // its parser is behind this line now
      } else {
        stream(reader);
      }
      rowsRead++;
      return true;
    } catch (SourceException e) {
      failure = e;
      throw e;
    }
  }

  /** Reads one row straight off its line's bytes, or declines the line. */
  @FunctionalInterface
  public interface LineReader {
    /** True when it read the row on {@code bytes[from, to)}; false leaves the line to the {@link FieldReader}. */
    boolean read(byte[] bytes, int from, int to);
  }

  /** Reads one row's fields off the parser. */
  @FunctionalInterface
  public interface FieldReader {
    /**
     * Called on the row's {@code START_OBJECT}; returns on its matching {@code END_OBJECT}. May be called
     * again for the same row, from its start, when a faster read gave up on the line midway (the line
     * read alone, or decoded first): it must then start the row over.
     */
    void read(JsonParser parser) throws IOException;
  }

  private void advance() {
    if (!nextLine()) {
      exhausted = true;
      return;
    }
    try {
      if (RunSource.JSON.readTree(lines.array(), lines.start(), lines.end() - lines.start()) instanceof ObjectNode row) {
        next = row;
        return;
      }
    } catch (IOException e) {
      // classified below
    }
    next = parse(lines.text());
  }

  /** Moves to the next non-blank line (byte order mark dropped); false at the end. */
  private boolean nextLine() {
    while (true) {
      if (!readLine()) {
        return false;
      }
      lineNumber++;
      if (lineNumber == 1) {
        lines.dropByteOrderMark();
      }
      if (!lines.blank()) {
        return true;
      }
    }
  }

  private void stream(FieldReader reader) {
    if (chunks.read(lines, reader) || streamed(reader, false)) {
      return;
    }
    String line = lines.text();
    byte[] encoded = line.getBytes(StandardCharsets.UTF_8);
    boolean validUtf8 = Arrays.equals(encoded, 0, encoded.length, lines.array(), lines.start(), lines.end());
    if (!validUtf8 && streamed(reader, true)) {
      return;
    }
    parse(line);
    throw SourceException.atLine(Kind.MALFORMED_JSON, file, lineNumber, "not valid JSON");
  }

  /** True when the line (its bytes, or its decoded text) was one JSON object, read through {@code reader}. */
  private boolean streamed(FieldReader reader, boolean decoded) {
    try (JsonParser parser = decoded ? RunSource.JSON.createParser(lines.text())
        : RunSource.JSON.createParser(lines.array(), lines.start(), lines.end() - lines.start())) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        reader.read(parser);
        // As the tree reader does (FAIL_ON_TRAILING_TOKENS): one object per line, nothing after it.
        return parser.nextToken() == null;
      }
    } catch (IOException e) {
      // classified by the caller, with the same reader next() uses
    }
    return false;
  }

  private ObjectNode parse(String line) {
    JsonNode node;
    try {
      node = RunSource.JSON.readTree(line);
    } catch (JsonEOFException e) {
      // A cut-off last line is a truncated file; a cut-off line with more after it is just bad JSON.
      long at = lineNumber;
      boolean last = readLineAfterFailure() == null;
      throw SourceException.atLine(last ? Kind.TRUNCATED : Kind.MALFORMED_JSON, file, at,
          last ? "last line ends in the middle of a JSON value" : "not valid JSON");
    } catch (JsonProcessingException e) {
      // Never Jackson's message: it quotes the offending text, which is row data.
      throw SourceException.atLine(Kind.MALFORMED_JSON, file, lineNumber, notJson(e));
    }
    if (!(node instanceof ObjectNode object)) {
      throw SourceException.atLine(Kind.NOT_AN_OBJECT, file, lineNumber,
          "line holds a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object");
    }
    return object;
  }

  /**
   * What is wrong with text the parser refused: not JSON, or JSON over the parser's limits (Jackson's
   * defaults, which keep one line's memory bounded), which the message names so the writer can act.
   */
  static String notJson(JsonProcessingException e) {
    return e instanceof StreamConstraintsException
        ? "a value is over the reader's limits (strings of 20,000,000 characters, numbers of 1,000 digits,"
            + " keys of 50,000 characters, nesting 1,000 deep)"
        : "not valid JSON";
  }

  private boolean readLine() {
    try {
      return lines.next();
    } catch (IOException e) {
      exhausted = true;
      throw readFailure(e);
    }
  }

  private String readLineAfterFailure() {
    try {
      return lines.next() ? lines.text() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private SourceException readFailure(IOException e) {
    // EOF inside gzip or corrupt deflate data will read the same way next time: not retryable.
    if (e instanceof EOFException || e instanceof ZipException) {
      return new SourceException(Kind.TRUNCATED, file, lineNumber + 1, "compressed data ends early or is corrupt", e);
    }
    return new SourceException(Kind.UNREADABLE, file, lineNumber + 1, "cannot read rows", e);
  }

  private void closeQuietly() {
    try {
      raw.close();
    } catch (IOException ignored) {
      // already failing with the more useful error
    }
  }
}
