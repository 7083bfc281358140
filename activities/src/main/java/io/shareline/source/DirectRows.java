package io.shareline.source;

import io.shareline.schema.SourceType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a row's public fields straight off the bytes of its line, without JSON tokens, for the lines
 * most sources write: each value that a column takes as it is (a string for a text column, a number for
 * a number column, a canonical date-time for a DATETIME...). A line it is not sure of (anything Jackson
 * would reject or read differently, a key given twice, a value that would not fit its column and so
 * must be counted or fail a strict field, escapes in an object's text, nesting over
 * {@value #MAX_DEPTH} levels) it gives up on, leaving the row as it was, and the caller reads that line
 * with Jackson: so it accepts only lines Jackson reads, and then gives exactly the values Jackson's path
 * gives. Private and unknown keys' values are checked as JSON and never decoded. One instance per run,
 * from one thread.
 */
public final class DirectRows {

  private static final int MAX_DEPTH = 64;
  /** Longer numbers, strings and keys are left to Jackson, which enforces its own limits on them. */
  private static final int MAX_NUMBER_LENGTH = 100;
  private static final int MAX_STRING_LENGTH = 1 << 20;
  private static final int MAX_KEY_LENGTH = 1 << 12;
  /** Keys per object of an OBJECT value checked for repeats; objects with more are left to Jackson. */
  private static final int MAX_OBJECT_KEYS = 64;
  private static final int KEYS_REMEMBERED = 256;
  private static final int NOT_A_COLUMN = -1;
  private static final int SEVERAL_COLUMNS = -2;
  private static final double[] POWERS_OF_TEN = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
      1e19, 1e20, 1e21, 1e22};

  /** Thrown, without a stack, to give a line up; caught in {@link #read}. */
  private static final class GiveUp extends RuntimeException {
    GiveUp() {
      super(null, null, false, false);
    }
  }

  private static final GiveUp GIVE_UP = new GiveUp();

  private final Map<String, int[]> columnsOf;
  private final SourceType[] types;
  /** Per column, the row in which its key was last seen: a key given twice is left to Jackson. */
  private final long[] seenInRow;
  private long rowNumber;
  /** The k-th key of the last row, as bytes, and its column: rows mostly repeat their keys' order. */
  private byte[][] keyAt = new byte[0][];
  private int[] columnAt = new int[0];
  /**
   * Keys met in this run, by their bytes (open addressing, a power of two at most half full), and their
   * columns. Keys past {@value #MAX_KNOWN_KEYS} are looked up by name each time.
   */
  private final byte[][] knownKeys = new byte[2 * MAX_KNOWN_KEYS][];
  private final int[] knownColumns = new int[2 * MAX_KNOWN_KEYS];
  private int knownCount;
  private static final int MAX_KNOWN_KEYS = 256;

  private byte[] b;
  private int end;
  private int pos;
  /** The compact text of an OBJECT value being copied; its length and whether it is all ASCII. */
  private byte[] out = new byte[256];
  private int outLength;
  private boolean outAscii;
  /** Where the keys of the objects being copied start and end in the line, outermost object first. */
  private int[] keyStarts = new int[16];
  private int[] keyEnds = new int[16];
  private int keys;
  private final StringBuilder escaped = new StringBuilder();

  /** Column {@code i} takes the source field {@code sourceNames.get(i)} cast to {@code types.get(i)}. */
  public DirectRows(List<String> sourceNames, List<SourceType> types) {
    this.types = types.toArray(new SourceType[0]);
    this.columnsOf = new HashMap<>();
    for (int i = 0; i < sourceNames.size(); i++) {
      int column = i;
      columnsOf.merge(sourceNames.get(i), new int[] {i}, (a, x) -> {
        int[] both = Arrays.copyOf(a, a.length + 1);
        both[a.length] = column;
        return both;
      });
    }
    this.seenInRow = new long[this.types.length];
  }

  /**
   * Reads the JSON object on {@code bytes[from, to)} into {@code row[0..columns)}, which must hold nulls.
   * False when it gave the line up: {@code row} then holds nulls again.
   */
  public boolean read(byte[] bytes, int from, int to, Object[] row) {
    b = bytes;
    pos = from;
    end = to;
    rowNumber++;
    try {
      readRow(row);
      return true;
    } catch (GiveUp e) {
      Arrays.fill(row, 0, types.length, null);
      return false;
    } finally {
      b = null;
    }
  }

  private void readRow(Object[] row) {
    skipSpace();
    expect('{');
    skipSpace();
    if (peek() == '}') {
      pos++;
    } else {
      for (int k = 0; ; k++) {
        expect('"');
        int keyStart = pos;
        int keyEnd = scanKey();
        skipSpace();
        expect(':');
        skipSpace();
        int column = column(k, keyStart, keyEnd);
        if (column == NOT_A_COLUMN) {
          skipValue(0);
        } else {
          if (column == SEVERAL_COLUMNS || seenInRow[column] == rowNumber) {
            throw GIVE_UP;
          }
          seenInRow[column] = rowNumber;
          row[column] = value(types[column], 0);
        }
        if (!nextMember('}')) {
          break;
        }
      }
    }
    skipSpace();
    if (pos != end) {
      throw GIVE_UP; // Jackson's FAIL_ON_TRAILING_TOKENS: one object per line
    }
  }

  /** After a member or element: true at a comma (spaces after it skipped), false at {@code close}. */
  private boolean nextMember(char close) {
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

  /** The column of the row's {@code k}-th key, {@code b[keyStart, keyEnd)}. */
  private int column(int k, int keyStart, int keyEnd) {
    if (k < keyAt.length && keyAt[k] != null && same(keyAt[k], keyStart, keyEnd)) {
      return columnAt[k];
    }
    int slot = slot(keyStart, keyEnd);
    byte[] key = knownKeys[slot];
    int column;
    if (key != null) {
      column = knownColumns[slot];
    } else {
      // A key not seen before in this run: looked up by name once, then known by its bytes.
      key = Arrays.copyOfRange(b, keyStart, keyEnd);
      int[] columns = columnsOf.get(new String(key, StandardCharsets.UTF_8));
      column = columns == null ? NOT_A_COLUMN : columns.length == 1 ? columns[0] : SEVERAL_COLUMNS;
      if (knownCount < MAX_KNOWN_KEYS) {
        knownKeys[slot] = key;
        knownColumns[slot] = column;
        knownCount++;
      }
    }
    if (k < KEYS_REMEMBERED) {
      if (k >= keyAt.length) {
        int size = Math.min(KEYS_REMEMBERED, Math.max(16, 2 * k));
        keyAt = Arrays.copyOf(keyAt, size);
        columnAt = Arrays.copyOf(columnAt, size);
      }
      keyAt[k] = key;
      columnAt[k] = column;
    }
    return column;
  }

  /** The slot of {@code b[keyStart, keyEnd)} in {@link #knownKeys}: where it is, or the empty one it would go in. */
  private int slot(int keyStart, int keyEnd) {
    int hash = 0;
    for (int i = keyStart; i < keyEnd; i++) {
      hash = 31 * hash + b[i];
    }
    int mask = knownKeys.length - 1;
    for (int slot = (hash ^ hash >>> 16) & mask; ; slot = (slot + 1) & mask) {
      byte[] key = knownKeys[slot];
      if (key == null || same(key, keyStart, keyEnd)) {
        return slot;
      }
    }
  }

  /** Whether {@code key} is {@code b[from, to)}: a plain loop, keys being short. */
  private boolean same(byte[] key, int from, int to) {
    if (key.length != to - from) {
      return false;
    }
    for (int i = 0; i < key.length; i++) {
      if (key[i] != b[from + i]) {
        return false;
      }
    }
    return true;
  }

  /** The value at {@code pos} as a {@code type} column takes it; gives up when it would not fit. */
  private Object value(SourceType type, int depth) {
    int c = peek();
    switch (c) {
      case 'n' -> {
        literal("null");
        return null;
      }
      case 't', 'f' -> {
        boolean value = c == 't';
        literal(value ? "true" : "false");
        if (type.kind() != SourceType.Kind.BOOLEAN) {
          throw GIVE_UP;
        }
        return value;
      }
      case '"' -> {
        pos++;
        return fits(ValueCaster.fromText(string(), type));
      }
      case '[' -> {
        if (type.kind() != SourceType.Kind.ARRAY || depth >= MAX_DEPTH) {
          throw GIVE_UP;
        }
        return list(type.element(), depth + 1);
      }
      case '{' -> {
        if (type.kind() != SourceType.Kind.OBJECT) {
          throw GIVE_UP;
        }
        outLength = 0;
        outAscii = true;
        keys = 0;
        copyValue(depth);
        return new String(out, 0, outLength, outAscii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
      }
      default -> {
        return number(type);
      }
    }
  }

  private static Object fits(Object value) {
    if (value == null) {
      throw GIVE_UP; // counted, or a strict failure: Jackson's path decides
    }
    return value;
  }

  private List<Object> list(SourceType element, int depth) {
    pos++;
    List<Object> values = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      return values;
    }
    do {
      values.add(value(element, depth));
    } while (nextMember(']'));
    return values;
  }

  // ---- numbers

  /** Where the number just scanned started, and what it was. */
  private int numberStart;
  private boolean integral;
  /** The integer's value when {@link #integral} and at most 18 digits long, else not set. */
  private long integer;
  private boolean integerFits;

  private Object number(SourceType type) {
    scanNumber();
    return switch (type.kind()) {
      case INTEGER -> integral && integerFits ? integer : giveUp();
      case NUMBER -> number();
      case DATETIME -> {
        if (!integral || !integerFits || Math.abs(integer) > Long.MAX_VALUE / 1000) {
          throw GIVE_UP;
        }
        yield integer * 1000; // epoch milliseconds
      }
      case MONEY -> {
        if (integral) {
          yield fits(integerFits ? ValueCaster.money(BigDecimal.valueOf(integer)) : null);
        }
        double d = doubleValue();
        BigDecimal scaled = TextValues.scaledDouble(d, ValueCaster.MONEY_SCALE);
        yield fits(Double.isFinite(d) ? ValueCaster.money(scaled != null ? scaled : BigDecimal.valueOf(d)) : null);
      }
      default -> giveUp();
    };
  }

  private Double number() {
    double d = integral ? (integerFits ? (double) integer : giveUp()) : doubleValue();
    if (!Double.isFinite(d)) {
      throw GIVE_UP;
    }
    return d;
  }

  private static <T> T giveUp() {
    throw GIVE_UP;
  }

  /**
   * Scans a JSON number ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}) that ends where a value
   * may end, setting {@link #integral} and, for an integer, {@link #integer}.
   */
  private void scanNumber() {
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
  private double doubleValue() {
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

  // ---- strings

  /** The string whose opening quote was just read, decoded; {@code pos} ends after its closing quote. */
  private String string() {
    int start = pos;
    boolean ascii = true;
    while (true) {
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

  /** Moves past a string whose opening quote was just read, checking it as {@link #string()} does. */
  private void skipString() {
    int start = pos;
    while (true) {
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

  /** A key without escapes whose opening quote was just read; returns where it ends, {@code pos} after its quote. */
  private int scanKey() {
    int start = pos;
    while (true) {
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

  // ---- values not read: checked only

  private void skipValue(int depth) {
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

  // ---- OBJECT values: copied as compact JSON without private keys

  /** Appends the value at {@code pos} as {@link PublicJson} writes it, private keys left out. */
  private void copyValue(int depth) {
    int c = peek();
    switch (c) {
      case '"' -> copyString();
      case 'n' -> copyLiteral("null");
      case 't' -> copyLiteral("true");
      case 'f' -> copyLiteral("false");
      case '[' -> {
        if (depth >= MAX_DEPTH) {
          throw GIVE_UP;
        }
        pos++;
        put('[');
        skipSpace();
        if (peek() == ']') {
          pos++;
        } else {
          boolean first = true;
          do {
            if (!first) {
              put(',');
            }
            first = false;
            copyValue(depth + 1);
          } while (nextMember(']'));
        }
        put(']');
      }
      case '{' -> copyObject(depth);
      default -> copyNumber();
    }
  }

  private void copyObject(int depth) {
    if (depth >= MAX_DEPTH) {
      throw GIVE_UP;
    }
    pos++;
    put('{');
    int from = keys;
    skipSpace();
    if (peek() == '}') {
      pos++;
    } else {
      boolean first = true;
      do {
        expect('"');
        int keyStart = pos;
        int keyEnd = scanKey();
        skipSpace();
        expect(':');
        skipSpace();
        if (keyEnd > keyStart && b[keyStart] == '_') {
          skipValue(depth + 1); // private: left out at every depth
          continue;
        }
        addKey(from, keyStart, keyEnd);
        if (!first) {
          put(',');
        }
        first = false;
        putQuoted(keyStart, keyEnd);
        put(':');
        copyValue(depth + 1);
      } while (nextMember('}'));
    }
    keys = from;
    put('}');
  }

  /** Remembers a public key of the object whose keys start at {@code from}; gives up when it repeats. */
  private void addKey(int from, int keyStart, int keyEnd) {
    if (keys - from >= MAX_OBJECT_KEYS) {
      throw GIVE_UP;
    }
    for (int i = from; i < keys; i++) {
      if (Arrays.equals(b, keyStarts[i], keyEnds[i], b, keyStart, keyEnd)) {
        throw GIVE_UP; // the tree keeps the last value at the first one's place: Jackson's path does that
      }
    }
    if (keys == keyStarts.length) {
      keyStarts = Arrays.copyOf(keyStarts, 2 * keys);
      keyEnds = Arrays.copyOf(keyEnds, 2 * keys);
    }
    keyStarts[keys] = keyStart;
    keyEnds[keys] = keyEnd;
    keys++;
  }

  private void copyString() {
    pos++;
    int start = pos;
    int end = scanKey(); // a string without escapes, as the generator would write it again
    if (end - start > MAX_STRING_LENGTH) {
      throw GIVE_UP;
    }
    putQuoted(start, end);
  }

  private void copyNumber() {
    scanNumber();
    if (integral) {
      // Integers print as they were written, but for minus zero (the integer 0).
      if (pos - numberStart == 2 && b[numberStart] == '-' && b[numberStart + 1] == '0') {
        put('0');
      } else {
        putBytes(numberStart, pos);
      }
      return;
    }
    double d = doubleValue();
    if (!Double.isFinite(d)) {
      throw GIVE_UP; // the generator would quote it
    }
    String text = Double.toString(d);
    for (int i = 0; i < text.length(); i++) {
      put(text.charAt(i));
    }
  }

  private void copyLiteral(String literal) {
    int start = pos;
    literal(literal);
    putBytes(start, pos);
  }

  private void putQuoted(int from, int to) {
    put('"');
    putBytes(from, to);
    put('"');
  }

  private void putBytes(int from, int to) {
    int n = to - from;
    ensure(n);
    for (int i = from; i < to; i++) {
      byte c = b[i];
      outAscii &= c >= 0;
      out[outLength++] = c;
    }
  }

  private void put(char c) {
    ensure(1);
    out[outLength++] = (byte) c;
  }

  private void ensure(int more) {
    if (outLength + more > out.length) {
      out = Arrays.copyOf(out, Math.max(2 * out.length, outLength + more));
    }
  }

  // ---- bytes

  private void literal(String literal) {
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

  private void skipSpace() {
    while (pos < end && (b[pos] == ' ' || b[pos] == '\t')) {
      pos++;
    }
  }

  private void expect(char c) {
    if (next() != c) {
      throw GIVE_UP;
    }
  }

  /** The byte at {@code pos} (0 to 255), or -1 at the line's end. */
  private int peek() {
    return pos < end ? b[pos] & 0xFF : -1;
  }

  private int next() {
    if (pos >= end) {
      throw GIVE_UP;
    }
    return b[pos++] & 0xFF;
  }

  private int at(int i) {
    if (i >= end) {
      throw GIVE_UP;
    }
    return b[i] & 0xFF;
  }
}
