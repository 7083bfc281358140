package io.shareline.source;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over one line's bytes for {@link DirectRows}: scans JSON strings, numbers and literals, checks
 * values it skips, and throws {@link #GIVE_UP} (no stack) at anything Jackson might read otherwise or
 * reject: bytes that are not well-formed UTF-8, unescaped control characters, numbers outside JSON's
 * grammar, nesting deeper than {@value #MAX_DEPTH}, or text longer than the limits below (Jackson
 * enforces its own).
 */
final class JsonCursor {

  static final int MAX_DEPTH = 64;
  private static final int MAX_NUMBER_LENGTH = 100;
  private static final int MAX_STRING_LENGTH = 1 << 20;
  private static final int MAX_KEY_LENGTH = 1 << 12;
  private static final double[] POWERS_OF_TEN = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
      1e19, 1e20, 1e21, 1e22};

  /** Thrown, without a stack, to give a line up. */
  static final class GiveUp extends RuntimeException {
    private GiveUp() {
      super(null, null, false, false);
    }
  }

  static final GiveUp GIVE_UP = new GiveUp();

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  byte[] b;
  int pos;
  int end;
  private final StringBuilder escaped = new StringBuilder();

  /** Where the key {@link #member} read starts. */
  int keyStart;

  /** Where the number just scanned started, and what it was. */
  int numberStart;
  boolean integral;
  /** The integer's value when {@link #integral} and at most 18 digits long ({@link #integerFits}), else not set. */
  long integer;
  boolean integerFits;

  /** Reads {@code bytes[from, to)} from its start. */
  void start(byte[] bytes, int from, int to) {
    b = bytes;
    pos = from;
    end = to;
  }

  /** After a member or element: true at a comma (spaces after it skipped), false at {@code close}. */
  boolean nextMember(char close) {
    skipSpace();
    int c = next();
    if (c == ',') {
      skipSpace();
      return true;
    }
    if (c != close) {
      throw GIVE_UP;
    }
    return false;
  }

  /**
   * Scans a JSON number ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}) that ends where a value
   * may end, setting {@link #integral} and, for an integer, {@link #integer}.
   */
  void scanNumber() {
    numberStart = pos;
    boolean negative = peek() == '-';
    if (negative) {
      pos++;
    }
    int first = next();
    long value = first - '0';
    int digits = 1;
    if (first == '0') {
      if (isDigit(peek())) {
        throw GIVE_UP; // leading zeros
      }
    } else if (first < '1' || first > '9') {
      throw GIVE_UP;
    } else {
      while (isDigit(peek())) {
        value = value * 10 + (b[pos++] - '0');
        if (++digits > 18) {
          break;
        }
      }
      while (isDigit(peek())) {
        pos++;
        digits++;
      }
    }
    integral = true;
    if (peek() == '.') {
      pos++;
      digitsAtLeastOne();
      integral = false;
    }
    int c = peek();
    if (c == 'e' || c == 'E') {
      pos++;
      c = peek();
      if (c == '+' || c == '-') {
        pos++;
      }
      digitsAtLeastOne();
      integral = false;
    }
    if (pos - numberStart > MAX_NUMBER_LENGTH || !endsValue(peek())) {
      throw GIVE_UP;
    }
    integerFits = integral && digits <= 18;
    integer = negative ? -value : value;
  }

  private void digitsAtLeastOne() {
    if (!isDigit(peek())) {
      throw GIVE_UP;
    }
    while (isDigit(peek())) {
      pos++;
    }
  }

  /**
   * The double nearest the number just scanned (what Jackson's parsers give): exactly one rounding when
   * the digits fit 2^53 and the power of ten is exact, else the JDK's parser.
   */
  double doubleValue() {
    int i = numberStart;
    boolean negative = b[i] == '-';
    if (negative) {
      i++;
    }
    long mantissa = 0;
    int significant = 0;
    int scale = 0;
    boolean fraction = false;
    for (; i < pos; i++) {
      int c = b[i];
      if (c == '.') {
        fraction = true;
      } else if (c == 'e' || c == 'E') {
        break;
      } else {
        if (significant > 0 || c != '0') {
          if (++significant > 15) {
            return parsed();
          }
        }
        mantissa = mantissa * 10 + (c - '0');
        if (fraction) {
          scale--;
        }
      }
    }
    if (i < pos) {
      int exponentDigits = pos - i - 1;
      if (exponentDigits > 4) {
        return parsed();
      }
      scale += Integer.parseInt(new String(b, i + 1, exponentDigits, StandardCharsets.ISO_8859_1));
    }
    if (scale < -22 || scale > 22) {
      return parsed();
    }
    double d = scale >= 0 ? mantissa * POWERS_OF_TEN[scale] : mantissa / POWERS_OF_TEN[-scale];
    return negative ? -d : d;
  }

  private double parsed() {
    return Double.parseDouble(new String(b, numberStart, pos - numberStart, StandardCharsets.ISO_8859_1));
  }

  private static boolean endsValue(int c) {
    return c == -1 || c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t';
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  /** The string whose opening quote was just read, decoded; {@code pos} ends after its closing quote. */
  String string() {
    int start = pos;
    boolean ascii = true;
    while (true) {
      pos = plainRun(pos);
      int c = at(pos);
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        return escapedString(start);
      }
      if (c < 0x20) {
        throw GIVE_UP;
      }
      if (c >= 0x80) {
        pos += utf8(pos);
        ascii = false;
      } else {
        pos++;
      }
    }
    int length = pos - start;
    pos++;
    if (length > MAX_STRING_LENGTH) {
      throw GIVE_UP;
    }
    return new String(b, start, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  /** {@link #string()} from the first backslash on: each escape decoded as Jackson decodes it. */
  private String escapedString(int start) {
    StringBuilder text = escaped;
    text.setLength(0);
    text.append(new String(b, start, pos - start, StandardCharsets.UTF_8));
    while (true) {
      int run = plainRun(pos);
      for (; pos < run; pos++) {
        text.append((char) b[pos]); // ASCII
      }
      int c = at(pos);
      if (c == '"') {
        pos++;
        break;
      }
      if (c == '\\') {
        text.append(escape());
      } else if (c < 0x20) {
        throw GIVE_UP;
      } else if (c >= 0x80) {
        int n = utf8(pos);
        text.append(new String(b, pos, n, StandardCharsets.UTF_8));
        pos += n;
      } else {
        text.append((char) c);
        pos++;
      }
      if (text.length() > MAX_STRING_LENGTH) {
        throw GIVE_UP;
      }
    }
    return text.toString();
  }

  /** The character of the escape at {@code pos} (a backslash); {@code pos} moves past it. */
  private char escape() {
    pos++;
    int c = next();
    return switch (c) {
      case '"', '\\', '/' -> (char) c;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> {
        int value = 0;
        for (int i = 0; i < 4; i++) {
          int digit = Character.digit(next(), 16);
          if (digit < 0) {
            throw GIVE_UP;
          }
          value = value << 4 | digit;
        }
        yield (char) value;
      }
      default -> giveUp();
    };
  }

  /**
   * Where the plain ASCII text from {@code pos} ends: the first quote, backslash, control character or
   * non-ASCII byte from there, or the end. A string whose opening quote was just read is all plain ASCII
   * text, with no escapes, when a quote stands there.
   */
  int plainEnd() {
    return plainRun(pos);
  }

  /** Moves past a string whose opening quote was just read, checking it as {@link #string()} does. */
  void skipString() {
    int start = pos;
    while (true) {
      pos = plainRun(pos);
      int c = at(pos);
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        escape();
        continue;
      }
      if (c < 0x20) {
        throw GIVE_UP;
      }
      pos += c >= 0x80 ? utf8(pos) : 1;
    }
    pos++;
    if (pos - start > MAX_STRING_LENGTH) {
      throw GIVE_UP;
    }
  }

  /**
   * An object member's {@code "key" :} at {@code pos}, spaces after it read too: sets {@link #keyStart},
   * returns where the key ends. Keys with escapes are given up on.
   */
  int member() {
    expect('"');
    keyStart = pos;
    int keyEnd = scanKey();
    skipSpace();
    expect(':');
    skipSpace();
    return keyEnd;
  }

  /**
   * Reads the member at {@code pos} as {@link #member()} does when its key is {@code key} (the bytes of a
   * key {@code member()} read before, so without escapes, and {@code head} its {@link #keyHead}); false,
   * {@code pos} unchanged, when it is not.
   */
  boolean member(byte[] key, long head) {
    int n = key.length;
    int p = pos + 1; // the key's first byte
    if (p + n >= end || b[p - 1] != '"') {
      return false;
    }
    int checked = 0;
    if (p + Long.BYTES <= end) {
      // One test for the first eight bytes of the key and its closing quote: all of a short key.
      int headBytes = Math.min(n + 1, Long.BYTES);
      long mask = headBytes == Long.BYTES ? -1L : (1L << (headBytes * 8)) - 1;
      if (((long) LONGS.get(b, p) & mask) != head) {
        return false;
      }
      checked = Math.min(n, Long.BYTES);
    }
    for (int i = checked; i < n; i++) {
      if (b[p + i] != key[i]) {
        return false;
      }
    }
    if (b[p + n] != '"') {
      return false;
    }
    keyStart = p;
    pos = p + n + 1;
    skipSpace();
    expect(':');
    skipSpace();
    return true;
  }

  /** The first eight bytes of {@code key} followed by its closing quote, little-endian, zeros past them. */
  static long keyHead(byte[] key) {
    long head = 0;
    for (int i = Math.min(key.length, Long.BYTES - 1); i >= 0; i--) {
      head = head << 8 | (i < key.length ? key[i] & 0xFF : '"');
    }
    return head;
  }

  /** A key without escapes whose opening quote was just read; returns where it ends, {@code pos} after its quote. */
  int scanKey() {
    int start = pos;
    while (true) {
      pos = plainRun(pos);
      int c = at(pos);
      if (c == '"') {
        break;
      }
      if (c == '\\' || c < 0x20) {
        throw GIVE_UP;
      }
      pos += c >= 0x80 ? utf8(pos) : 1;
    }
    if (pos - start > MAX_KEY_LENGTH) {
      throw GIVE_UP;
    }
    return pos++;
  }

  /**
   * The first index from {@code i} holding a quote, a backslash, a control character or a non-ASCII byte
   * (or the end): the bytes a string's text is mostly made of, tested eight at a time.
   */
  private int plainRun(int i) {
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      long found = special((long) LONGS.get(b, i));
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < end; i++) {
      int c = b[i] & 0xFF;
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) {
        return i;
      }
    }
    return i;
  }

  /**
   * The high bit of each of eight bytes (little-endian) that is a quote, a backslash, under 0x20 or
   * non-ASCII, exact up to the first such byte: each test borrows only from a byte it found, so bits above
   * the lowest one may be set by the borrow, never the lowest itself. 0 when none is special.
   */
  private static long special(long x) {
    long quote = x ^ 0x2222222222222222L;
    long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
    long found = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((x - 0x2020202020202020L) & ~x) | x;
    return found & HIGH_BITS;
  }

  /**
   * The length of the well-formed UTF-8 sequence at {@code i} (shortest form, no surrogates, at most
   * U+10FFFF): anything else is left to Jackson, which reads such lines decoded.
   */
  private int utf8(int i) {
    int c = b[i] & 0xFF;
    if (c >= 0xC2 && c <= 0xDF) {
      continuation(i + 1, 0x80, 0xBF);
      return 2;
    }
    if (c >= 0xE0 && c <= 0xEF) {
      continuation(i + 1, c == 0xE0 ? 0xA0 : 0x80, c == 0xED ? 0x9F : 0xBF);
      continuation(i + 2, 0x80, 0xBF);
      return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
      continuation(i + 1, c == 0xF0 ? 0x90 : 0x80, c == 0xF4 ? 0x8F : 0xBF);
      continuation(i + 2, 0x80, 0xBF);
      continuation(i + 3, 0x80, 0xBF);
      return 4;
    }
    throw GIVE_UP;
  }

  private void continuation(int i, int low, int high) {
    int c = at(i);
    if (c < low || c > high) {
      throw GIVE_UP;
    }
  }

  void skipValue(int depth) {
    int c = peek();
    switch (c) {
      case '"' -> {
        pos++;
        skipString();
      }
      case 'n' -> literal("null");
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case '[' -> {
        if (depth >= MAX_DEPTH) {
          throw GIVE_UP;
        }
        pos++;
        skipSpace();
        if (peek() == ']') {
          pos++;
          return;
        }
        do {
          skipValue(depth + 1);
        } while (nextMember(']'));
      }
      case '{' -> {
        if (depth >= MAX_DEPTH) {
          throw GIVE_UP;
        }
        pos++;
        skipSpace();
        if (peek() == '}') {
          pos++;
          return;
        }
        do {
          expect('"');
          skipString();
          skipSpace();
          expect(':');
          skipSpace();
          skipValue(depth + 1);
        } while (nextMember('}'));
      }
      default -> scanNumber();
    }
  }

  void literal(String literal) {
    for (int i = 0; i < literal.length(); i++) {
      if (at(pos + i) != literal.charAt(i)) {
        throw GIVE_UP;
      }
    }
    pos += literal.length();
    if (!endsValue(peek())) {
      throw GIVE_UP;
    }
  }

  void skipSpace() {
    while (pos < end && (b[pos] == ' ' || b[pos] == '\t')) {
      pos++;
    }
  }

  void expect(char c) {
    if (next() != c) {
      throw GIVE_UP;
    }
  }

  /** The byte at {@code pos} (0 to 255), or -1 at the line's end. */
  int peek() {
    return pos < end ? b[pos] & 0xFF : -1;
  }

  int next() {
    if (pos >= end) {
      throw GIVE_UP;
    }
    return b[pos++] & 0xFF;
  }

  int at(int i) {
    if (i >= end) {
      throw GIVE_UP;
    }
    return b[i] & 0xFF;
  }

  static <T> T giveUp() {
    throw GIVE_UP;
  }
}
