package io.shareline.source;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The compact JSON text {@link PublicJson} writes of an OBJECT value, private keys left out at every depth,
 * copied off a line's bytes for {@link DirectRows}. Gives up (through the cursor's {@link JsonCursor#GIVE_UP})
 * on escapes, which the generator might write differently, on a public key an object repeats, and on a
 * number the generator would quote.
 */
final class CompactObjects {

  /** Keys per object checked for repeats; objects with more are left to Jackson. */
  private static final int MAX_OBJECT_KEYS = 64;

  private JsonCursor in;
  private byte[] out = new byte[256];
  private int outLength;
  private boolean outAscii;
  /** Where the keys of the objects being copied start and end in the line, outermost object first. */
  private int[] keyStarts = new int[16];
  private int[] keyEnds = new int[16];
  private int keys;

  /** The text of the object at {@code in}'s position, which moves past it. */
  String copy(JsonCursor cursor, int depth) {
    in = cursor;
    outLength = 0;
    outAscii = true;
    keys = 0;
    copyValue(depth);
    return new String(out, 0, outLength, outAscii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  /** Appends the value at {@code pos} as {@link PublicJson} writes it, private keys left out. */
  private void copyValue(int depth) {
    int c = in.peek();
    switch (c) {
      case '"' -> copyString();
      case 'n' -> copyLiteral("null");
      case 't' -> copyLiteral("true");
      case 'f' -> copyLiteral("false");
      case '[' -> {
        if (depth >= JsonCursor.MAX_DEPTH) {
          throw JsonCursor.GIVE_UP;
        }
        in.pos++;
        put('[');
        in.skipSpace();
        if (in.peek() == ']') {
          in.pos++;
        } else {
          boolean first = true;
          do {
            if (!first) {
              put(',');
            }
            first = false;
            copyValue(depth + 1);
          } while (in.nextMember(']'));
        }
        put(']');
      }
      case '{' -> copyObject(depth);
      default -> copyNumber();
    }
  }

  private void copyObject(int depth) {
    if (depth >= JsonCursor.MAX_DEPTH) {
      throw JsonCursor.GIVE_UP;
    }
    in.pos++;
    put('{');
    int from = keys;
    in.skipSpace();
    if (in.peek() == '}') {
      in.pos++;
    } else {
      boolean first = true;
      do {
        int keyEnd = in.member();
        int keyStart = in.keyStart;
        if (keyEnd > keyStart && in.b[keyStart] == '_') {
          in.skipValue(depth + 1); // private: left out at every depth
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
      } while (in.nextMember('}'));
    }
    keys = from;
    put('}');
  }

  /** Remembers a public key of the object whose keys start at {@code from}; gives up when it repeats. */
  private void addKey(int from, int keyStart, int keyEnd) {
    if (keys - from >= MAX_OBJECT_KEYS) {
      throw JsonCursor.GIVE_UP;
    }
    for (int i = from; i < keys; i++) {
      if (Arrays.equals(in.b, keyStarts[i], keyEnds[i], in.b, keyStart, keyEnd)) {
        throw JsonCursor.GIVE_UP; // the tree keeps the last value at the first one's place: Jackson's path does that
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
    in.pos++;
    int start = in.pos;
    int stop = in.scanKey(); // a string without escapes (and short), as the generator would write it again
    putQuoted(start, stop);
  }

  private void copyNumber() {
    in.scanNumber();
    if (in.integral) {
      // Integers print as they were written, but for minus zero (the integer 0).
      if (in.pos - in.numberStart == 2 && in.b[in.numberStart] == '-' && in.b[in.numberStart + 1] == '0') {
        put('0');
      } else {
        putBytes(in.numberStart, in.pos);
      }
      return;
    }
    double d = in.doubleValue();
    if (!Double.isFinite(d)) {
      throw JsonCursor.GIVE_UP; // the generator would quote it
    }
    String text = Double.toString(d);
    for (int i = 0; i < text.length(); i++) {
      put(text.charAt(i));
    }
  }

  private void copyLiteral(String literal) {
    int start = in.pos;
    in.literal(literal);
    putBytes(start, in.pos);
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
      byte c = in.b[i];
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
}
