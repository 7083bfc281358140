package io.shareline.source;

import io.shareline.schema.SourceType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads a row's public fields straight off the bytes of its line, without JSON tokens, for the lines
 * most sources write: each value that its column takes (a string for a text column, a number for a
 * number column, date-time text for a DATETIME...). A line it is not sure of (anything Jackson would
 * reject or read differently, a key given twice, a value that would not fit its column and so must be
 * counted or fail a strict field, escapes in an object's text, nesting over
 * {@value JsonCursor#MAX_DEPTH} levels) it gives up on, leaving the row as it was, and the caller reads
 * that line with Jackson: so it accepts only lines Jackson reads, and then gives exactly the values
 * Jackson's path gives. Private and unknown keys' values are checked as JSON and never decoded. One
 * instance per run, from one thread.
 */
public final class DirectRows {

  private static final int MAX_KNOWN_KEYS = 128;
  private static final int NOT_A_COLUMN = -1;
  private static final int SEVERAL_COLUMNS = -2;
  private static final int NONE = -1;
  /** Longer date, date-time or money text is never canonical, or does not fit its column. */
  private static final int MAX_FAST_TEXT = 64;
  private static final JsonCursor.GiveUp GIVE_UP = JsonCursor.GIVE_UP;

  private final Map<String, int[]> columnsOf;
  private final SourceType[] types;
  /** Per column, the row in which its key was last seen: a key given twice is left to Jackson. */
  private final long[] seenInRow;
  private long rowNumber;
  /**
   * Keys met in this run, by their bytes (open addressing, a power of two at most half full), and their
   * columns. Keys past {@value #MAX_KNOWN_KEYS} are looked up by name each time.
   */
  private final byte[][] knownKeys = new byte[2 * MAX_KNOWN_KEYS][];
  private final int[] knownColumns = new int[2 * MAX_KNOWN_KEYS];
  private final long[] knownHeads = new long[2 * MAX_KNOWN_KEYS];
  /**
   * Per known key (its slot), the slot of the key that followed it last time, or {@link #NONE}; the last
   * entry is for a row's first key. Rows mostly repeat their keys' order, so a key is mostly matched by
   * its bytes where it stands, without scanning it first.
   */
  private final int[] followedBy = new int[2 * MAX_KNOWN_KEYS + 1];
  private int knownCount;
  private final JsonCursor in = new JsonCursor();
  private final CompactObjects objects = new CompactObjects();

  /**
   * @param columnsOf source field name → the columns it fills (read, never changed)
   * @param types     each column's source type
   */
  public DirectRows(Map<String, int[]> columnsOf, List<SourceType> types) {
    this.types = types.toArray(new SourceType[0]);
    this.columnsOf = columnsOf;
    this.seenInRow = new long[this.types.length];
    Arrays.fill(followedBy, NONE);
  }

  /**
   * Reads the JSON object on {@code bytes[from, to)} into {@code row[0..columns)}, which must hold nulls.
   * False when it gave the line up: {@code row} then holds nulls again.
   */
  public boolean read(byte[] bytes, int from, int to, Object[] row) {
    in.start(bytes, from, to);
    rowNumber++;
    try {
      readRow(row);
      return true;
    } catch (JsonCursor.GiveUp e) {
      Arrays.fill(row, 0, types.length, null);
      return false;
    } finally {
      in.start(null, 0, 0);
    }
  }

  private void readRow(Object[] row) {
    in.skipSpace();
    in.expect('{');
    in.skipSpace();
    if (in.peek() == '}') {
      in.pos++;
    } else {
      for (int previous = followedBy.length - 1; ; ) {
        int slot = previous == NONE ? NONE : followedBy[previous];
        int column;
        if (slot != NONE && in.member(knownKeys[slot], knownHeads[slot])) {
          column = knownColumns[slot];
        } else {
          int keyEnd = in.member();
          slot = slot(in.keyStart, keyEnd);
          column = column(slot, in.keyStart, keyEnd);
          if (knownKeys[slot] == null) {
            slot = NONE; // not kept: nothing to follow it by
          }
          if (previous != NONE) {
            followedBy[previous] = slot;
          }
        }
        previous = slot;
        if (column == NOT_A_COLUMN) {
          in.skipValue(0);
        } else {
          if (column == SEVERAL_COLUMNS || seenInRow[column] == rowNumber) {
            throw GIVE_UP;
          }
          seenInRow[column] = rowNumber;
          row[column] = value(types[column], 0);
        }
        if (!in.nextMember('}')) {
          break;
        }
      }
    }
    in.skipSpace();
    if (in.pos != in.end) {
      throw GIVE_UP; // Jackson's FAIL_ON_TRAILING_TOKENS: one object per line
    }
  }

  /** The column of the key {@code b[keyStart, keyEnd)} whose slot in {@link #knownKeys} is {@code slot}. */
  private int column(int slot, int keyStart, int keyEnd) {
    if (knownKeys[slot] != null) {
      return knownColumns[slot];
    }
    // A key not seen before in this run: looked up by name once, then known by its bytes.
    byte[] key = Arrays.copyOfRange(in.b, keyStart, keyEnd);
    int[] columns = columnsOf.get(new String(key, StandardCharsets.UTF_8));
    int column = columns == null ? NOT_A_COLUMN : columns.length == 1 ? columns[0] : SEVERAL_COLUMNS;
    if (knownCount < MAX_KNOWN_KEYS) {
      knownKeys[slot] = key;
      knownColumns[slot] = column;
      knownHeads[slot] = JsonCursor.keyHead(key);
      knownCount++;
    }
    return column;
  }

  /** The slot of {@code b[keyStart, keyEnd)} in {@link #knownKeys}: where it is, or the empty one it would go in. */
  private int slot(int keyStart, int keyEnd) {
    int hash = 0;
    for (int i = keyStart; i < keyEnd; i++) {
      hash = 31 * hash + in.b[i];
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
      if (key[i] != in.b[from + i]) {
        return false;
      }
    }
    return true;
  }

  /** The value at {@code pos} as a {@code type} column takes it; gives up when it would not fit. */
  private Object value(SourceType type, int depth) {
    int c = in.peek();
    switch (c) {
      case 'n' -> {
        in.literal("null");
        return null;
      }
      case 't', 'f' -> {
        boolean value = c == 't';
        in.literal(value ? "true" : "false");
        if (type.kind() != SourceType.Kind.BOOLEAN) {
          throw GIVE_UP;
        }
        return value;
      }
      case '"' -> {
        in.pos++;
        return text(type);
      }
      case '[' -> {
        if (type.kind() != SourceType.Kind.ARRAY || depth >= JsonCursor.MAX_DEPTH) {
          throw GIVE_UP;
        }
        return list(type.element(), depth + 1);
      }
      case '{' -> {
        if (type.kind() != SourceType.Kind.OBJECT) {
          throw GIVE_UP;
        }
        return objects.copy(in, depth);
      }
      default -> {
        return number(type);
      }
    }
  }

  /**
   * The string whose opening quote was just read as a {@code type} column takes it: a date, date-time or
   * dollar amount in its canonical form straight off the bytes, anything else as the string's text.
   */
  private Object text(SourceType type) {
    SourceType.Kind kind = type.kind();
    if (kind == SourceType.Kind.DATE || kind == SourceType.Kind.DATETIME || kind == SourceType.Kind.MONEY) {
      int from = in.pos;
      int to = in.plainEnd();
      if (to < in.end && in.b[to] == '"' && to - from <= MAX_FAST_TEXT) {
        // No escapes, all ASCII: the bytes are the text. Text not in the canonical form (spaces, offsets,
        // other forms) is decided by the text readers, as the token path decides it.
        Object value = switch (kind) {
          case DATE -> {
            long day = TextValues.canonicalEpochDay(in.b, from, to);
            yield day == TextValues.NOT_CANONICAL ? null : Integer.valueOf((int) day);
          }
          case DATETIME -> {
            long micros = TextValues.canonicalUtcMicros(in.b, from, to);
            yield micros == TextValues.NOT_CANONICAL ? null : Long.valueOf(micros);
          }
          default -> {
            BigDecimal dollars = TextValues.plainDollars(in.b, from, to);
            yield dollars == null ? null : fits(ValueCaster.money(dollars));
          }
        };
        if (value != null) {
          in.pos = to + 1;
          return value;
        }
      }
    }
    return fits(ValueCaster.fromText(in.string(), type));
  }

  private static Object fits(Object value) {
    if (value == null) {
      throw GIVE_UP; // counted, or a strict failure: Jackson's path decides
    }
    return value;
  }

  private List<Object> list(SourceType element, int depth) {
    in.pos++;
    List<Object> values = new ArrayList<>();
    in.skipSpace();
    if (in.peek() == ']') {
      in.pos++;
      return values;
    }
    do {
      values.add(value(element, depth));
    } while (in.nextMember(']'));
    return values;
  }

  private Object number(SourceType type) {
    in.scanNumber();
    return switch (type.kind()) {
      case INTEGER -> in.integral && in.integerFits ? in.integer : JsonCursor.giveUp();
      case NUMBER -> number();
      case DATETIME -> {
        if (!in.integral || !in.integerFits || Math.abs(in.integer) > Long.MAX_VALUE / 1000) {
          throw GIVE_UP;
        }
        yield in.integer * 1000; // epoch milliseconds
      }
      case MONEY -> {
        if (in.integral) {
          yield fits(in.integerFits ? ValueCaster.money(BigDecimal.valueOf(in.integer)) : null);
        }
        double d = in.doubleValue();
        BigDecimal scaled = TextValues.scaledDouble(d, ValueCaster.MONEY_SCALE);
        yield fits(Double.isFinite(d) ? ValueCaster.money(scaled != null ? scaled : BigDecimal.valueOf(d)) : null);
      }
      default -> JsonCursor.giveUp();
    };
  }

  private Double number() {
    double d = in.integral ? (in.integerFits ? (double) in.integer : JsonCursor.giveUp()) : in.doubleValue();
    if (!Double.isFinite(d)) {
      throw GIVE_UP;
    }
    return d;
  }
}
