package io.shareline.source;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a UTF-8 stream as byte ranges, split where {@link java.io.BufferedReader#readLine()}
 * splits ({@code \n}, {@code \r} or {@code \r\n}), without decoding them: the JSON parser reads the
 * bytes. The buffer grows to the longest line, so memory is one line, never the file.
 */
final class ByteLines {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LF = 0x0A0A0A0A0A0A0A0AL;
  private static final long CR = 0x0D0D0D0D0D0D0D0DL;

  private final InputStream in;
  private byte[] buf;
  /** Bytes {@code [pos, limit)} of {@link #buf} are read but not yet handed out. */
  private int pos;
  private int limit;
  private boolean eof;
  /** The last line handed out ended with {@code \r}: a {@code \n} right after it belongs to it. */
  private boolean afterCr;
  private int start;
  private int end;

  ByteLines(InputStream in, int bufferSize) {
    this.in = in;
    this.buf = new byte[bufferSize];
  }

  /** Moves to the next line; false at the end of the stream. */
  boolean next() throws IOException {
    int i = pos;
    while (true) {
      if (afterCr && i < limit) {
        afterCr = false;
        if (buf[i] == '\n') {
          pos = ++i;
        }
      }
      i = lineBreak(buf, i, limit);
      if (i < limit) {
        start = pos;
        end = i;
        pos = i + 1;
        afterCr = buf[i] == '\r';
        return true;
      }
      if (eof) {
        if (pos == limit) {
          return false;
        }
        start = pos;
        end = limit;
        pos = limit;
        return true;
      }
      i -= compactOrGrow();
      fill();
    }
  }

  /** The index of the first {@code \n} or {@code \r} in {@code b[from, to)}, or {@code to}: eight bytes a step. */
  static int lineBreak(byte[] b, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long word = (long) LONGS.get(b, i);
      long found = zeroBytes(word ^ LF) | zeroBytes(word ^ CR);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n' || b[i] == '\r') {
        return i;
      }
    }
    return to;
  }

  /** The high bit set in the lowest byte of {@code v} that is zero (bits above it may be set too), else 0. */
  private static long zeroBytes(long v) {
    return (v - 0x0101010101010101L) & ~v & 0x8080808080808080L;
  }

  /** The current line's bytes are {@code array()[start(), end())}; valid until the next call to {@link #next()}. */
  byte[] array() {
    return buf;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  /**
   * Where the last whole line already in the buffer ends (at least {@link #end()}): the lines from the
   * current one up to there are handed out without the buffer changing.
   */
  int bufferedLinesEnd() {
    for (int i = limit - 1; i >= end; i--) {
      if (buf[i] == '\n' || buf[i] == '\r') {
        return i;
      }
    }
    return end;
  }

  /** The current line decoded (malformed bytes replaced), for error paths and non-ASCII blank checks. */
  String text() {
    return new String(buf, start, end - start, StandardCharsets.UTF_8);
  }

  /** True when the current line is empty or only whitespace, as {@link String#isBlank()} decides. */
  boolean blank() {
    boolean ascii = true;
    for (int i = start; i < end; i++) {
      int b = buf[i];
      if (b < 0) {
        ascii = false;
      } else if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return ascii || text().isBlank();
  }

  /** Skips a UTF-8 byte order mark at the start of the current line. */
  void dropByteOrderMark() {
    if (end - start >= 3 && buf[start] == (byte) 0xEF && buf[start + 1] == (byte) 0xBB && buf[start + 2] == (byte) 0xBF) {
      start += 3;
    }
  }

  /** Moves the unread bytes to the front, doubling the buffer when a line fills it; returns the shift. */
  private int compactOrGrow() {
    int shift = pos;
    if (pos == 0 && limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
      return 0;
    }
    System.arraycopy(buf, pos, buf, 0, limit - pos);
    limit -= pos;
    pos = 0;
    return shift;
  }

  private void fill() throws IOException {
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }

  void close() throws IOException {
    in.close();
  }
}
