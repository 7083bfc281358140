package io.shareline.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.source.SourceException.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The rows of one run, one JSON object per line, read by one Jackson parser over the whole file so a run
 * never has to fit in memory. The parser reads the file's bytes as UTF-8; when it meets anything it
 * cannot read (bytes that are not UTF-8, or bad JSON), the file is read again from the start as text
 * decoded the way a decoding reader decodes it (malformed bytes as U+FFFD), the rows already handed out
 * are passed over, and that reading decides: the rows go on, or the failure is classified. Blank lines
 * (spaces and tabs) are skipped. Errors surface as {@link SourceException}s carrying the physical line
 * number (lines end at {@code \n}, {@code \r} or {@code \r\n}).
 */
public final class RowStream implements AutoCloseable, Iterator<ObjectNode> {

  /**
   * The compressed-bytes buffer: 8 K, as the parser's own, since a thousand runs delivered at once each
   * hold one.
   */
  private static final int GZIP_BUFFER = 1 << 13;

  /** Reads one row's tree off the parser, which goes on to the next row after it. */
  private static final ObjectReader TREE = RunSource.JSON.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Opens the rows file's stored bytes from the start, each call a new stream. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }

  private final Opener opener;
  private final boolean gzip;
  private final String file;
  private JsonParser parser;
  /** Whether the parser reads decoded text: the bytes could not all be read as they are. */
  private boolean decoded;
  /** Whether {@link #ahead} holds the first token after the last row (null: the end). */
  private boolean aheadRead;
  private JsonToken ahead;
  private long aheadLine;
  /** A failure met reading the token after a row that ended well: it is the next row's. */
  private IOException aheadFailure;
  private long rowsRead;
  private long lineNumber;
  private ObjectNode next;
  private boolean exhausted;
  /**
   * Once a row fails, every later call fails the same way: rows after a bad line are never handed out.
   * A retry of a transient failure reopens the run and starts over.
   */
  private SourceException failure;

  /** Opens the file's bytes with {@code opener}; reads them again with it if they must be decoded. */
  RowStream(Opener opener, boolean gzip, String file) throws IOException {
    this.opener = opener;
    this.gzip = gzip;
    this.file = file;
    InputStream raw = opener.open();
    try {
      this.parser = RowParsers.bytes(gzip ? new GZIPInputStream(raw, GZIP_BUFFER) : raw);
    } catch (IOException e) {
      closeQuietly(raw);
      throw readFailure(e);
    }
  }

  @Override
  public boolean hasNext() {
    if (failure != null) {
      throw failure;
    }
    if (next == null && !exhausted) {
      ObjectNode[] row = new ObjectNode[1];
      if (readNext(p -> row[0] = TREE.readTree(p))) {
        next = row[0];
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
    return row;
  }

  /** Rows handed out so far: compare it with the run's row_count once exhausted. */
  public long linesRead() {
    return rowsRead;
  }

  /** The physical line of the last row read, or of the failure; what error messages cite. */
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
    try {
      parser.close();
    } catch (IOException ignored) {
      // nothing more is read from it
    }
  }

  /** Reads one row's fields off the parser. */
  @FunctionalInterface
  public interface FieldReader {
    /**
     * Called on the row's {@code START_OBJECT}; returns on its matching {@code END_OBJECT}. May be called
     * again for the same row, from its start, when the file is read again decoded: it must then start the
     * row over. What it read counts only once {@link #readNext} returns true.
     */
    void read(JsonParser parser) throws IOException;
  }

  /**
   * Reads the next row straight off the JSON tokens, without a tree: {@code reader} gets the parser on the
   * row's opening brace and consumes the object through its closing brace. True once the row is known to
   * stand alone on its line; false once every row was read. Do not mix with {@link #next()}.
   */
  public boolean readNext(FieldReader reader) {
    if (failure != null) {
      throw failure;
    }
    if (next != null) {
      throw new IllegalStateException("readNext after hasNext has read a row ahead");
    }
    if (exhausted) {
      return false;
    }
    try {
      while (true) {
        try {
          return readRow(reader);
        } catch (JsonProcessingException e) {
          if (decoded) {
            throw classify(e);
          }
          readAgainDecoded();
        }
      }
    } catch (SourceException e) {
      failure = e;
      throw e;
    } catch (IOException e) {
      failure = readFailure(e);
      throw failure;
    }
  }

  /** One row: true when it was read and stands alone on its line, false at the end. */
  private boolean readRow(FieldReader reader) throws IOException {
    readAhead(-1);
    if (aheadFailure != null) {
      lineNumber = aheadLine;
      throw aheadFailure;
    }
    if (ahead == null) {
      exhausted = true;
      return false;
    }
    JsonToken first = ahead;
    long line = aheadLine;
    lineNumber = line;
    aheadRead = false;
    if (first == JsonToken.START_OBJECT) {
      reader.read(parser);
    } else {
      parser.skipChildren();
    }
    long endLine = parser.currentLocation().getLineNr();
    readAhead(endLine);
    if (endLine != line || (ahead != null && aheadLine == endLine)) {
      throw SourceException.atLine(Kind.MALFORMED_JSON, file, line, "not one JSON value alone on its line");
    }
    if (first != JsonToken.START_OBJECT) {
      throw SourceException.atLine(Kind.NOT_AN_OBJECT, file, line, "line holds a JSON " + kind(first) + ", not an object");
    }
    rowsRead++;
    return true;
  }

  /**
   * Reads the first token after the last row, once. A failure there on the line where that row ended
   * ({@code rowLine}, -1 when there is none) is the row's; on a later line it belongs to the next row, so
   * it waits in {@link #aheadFailure}.
   */
  private void readAhead(long rowLine) throws IOException {
    if (aheadRead) {
      return;
    }
    try {
      ahead = parser.nextToken();
      aheadLine = ahead == null ? 0 : parser.currentTokenLocation().getLineNr();
    } catch (JsonProcessingException e) {
      aheadLine = parser.currentLocation().getLineNr();
      if (aheadLine != rowLine) {
        aheadFailure = e;
      } else {
        throw e;
      }
    }
    aheadRead = true;
  }

  /** Starts over on the file's decoded text, passing over the rows already handed out. */
  private void readAgainDecoded() throws IOException {
    parser.close();
    InputStream raw = opener.open();
    try {
      parser = RowParsers.decoded(gzip ? new GZIPInputStream(raw, GZIP_BUFFER) : raw);
    } catch (IOException e) {
      closeQuietly(raw);
      throw e;
    }
    decoded = true;
    aheadRead = false;
    aheadFailure = null;
    for (long row = 0; row < rowsRead; row++) {
      parser.nextToken();
      parser.skipChildren();
    }
    lineNumber = parser.currentLocation().getLineNr();
  }

  /** What the decoded text's parser refused, at the line of the row it was reading. */
  private SourceException classify(JsonProcessingException e) {
    if (e instanceof JsonEOFException) {
      // A cut-off last line is a truncated file; a cut-off line with more after it is just bad JSON.
      var end = parser.currentLocation();
      boolean last = end.getLineNr() == lineNumber || (end.getLineNr() == lineNumber + 1 && end.getColumnNr() <= 1);
      return SourceException.atLine(last ? Kind.TRUNCATED : Kind.MALFORMED_JSON, file, lineNumber,
          last ? "last line ends in the middle of a JSON value" : "not valid JSON");
    }
    // Never Jackson's message: it quotes the offending text, which is row data.
    return SourceException.atLine(Kind.MALFORMED_JSON, file, lineNumber, notJson(e));
  }

  private static String kind(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      default -> "null";
    };
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

  private SourceException readFailure(IOException e) {
    exhausted = true;
    // EOF inside gzip or corrupt deflate data will read the same way next time: not retryable.
    if (e instanceof EOFException || e instanceof ZipException) {
      return new SourceException(Kind.TRUNCATED, file, lineNumber + 1, "compressed data ends early or is corrupt", e);
    }
    return new SourceException(Kind.UNREADABLE, file, lineNumber + 1, "cannot read rows", e);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // already failing with the more useful error
    }
  }
}
