package io.shareline.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads JSON lines with one parser over all the lines already in the read buffer: a parser per line
 * cost more than the row it parsed. A line it cannot read as exactly one object with nothing else on
 * the line ends the chunk; the caller then reads that line alone, which decides what is wrong with it.
 */
final class LineChunks {

  /** Parses {@code array[start, end)}; null when there is no chunk. */
  private JsonParser parser;
  private byte[] array;
  private int start;
  private int end;
  /** Where the chunk's last row ended: the next row must start at or after it. */
  private int next;

  /**
   * True when the current line of {@code lines} was one JSON object, read through {@code reader}. False
   * when the line must be read alone; {@code reader} may then have read part of it.
   */
  boolean read(ByteLines lines, RowStream.FieldReader reader) {
    byte[] bytes = lines.array();
    int lineStart = lines.start();
    int lineEnd = lines.end();
    try {
      if (parser == null || bytes != array || lineStart < next || lineEnd > end) {
        open(bytes, lineStart, lines.bufferedLinesEnd());
      }
      if (parser.nextToken() == JsonToken.START_OBJECT && start + parser.currentTokenLocation().getByteOffset() >= lineStart) {
        reader.read(parser);
        long after = start + parser.currentLocation().getByteOffset();
        if (after <= lineEnd && spaces(bytes, (int) after, lineEnd)) {
          next = lineEnd;
          return true;
        }
      }
    } catch (IOException e) {
      // the line is read alone next
    }
    close();
    return false;
  }

  void close() {
    if (parser != null) {
      try {
        parser.close();
      } catch (IOException ignored) {
        // a parser over bytes holds nothing whose release can fail
      }
      parser = null;
    }
  }

  private void open(byte[] bytes, int from, int to) throws IOException {
    close();
    parser = RunSource.JSON.createParser(bytes, from, to - from);
    array = bytes;
    start = from;
    end = to;
    next = from;
  }

  private static boolean spaces(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != ' ' && bytes[i] != '\t') {
        return false;
      }
    }
    return true;
  }
}
