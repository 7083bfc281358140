package io.shareline.source;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * The readable column name of a source field: the name as a reader would write it, in any script.
 * Letters and digits of every script are kept (with the combining marks that belong to them, so
 * Devanagari or Thai words stay whole); everything else, which includes every character Delta without
 * column mapping, Parquet and Spark reject in a column name ({@code " ,;{}()\n\t="}), becomes {@code _};
 * runs of {@code _} collapse to one and none is left at either end (so no column starts with {@code _},
 * the mark of a private field). Lower case, because Delta and Spark compare column names without case
 * and a catalog may store them lower-cased; a name with nothing left becomes {@code unnamed}.
 */
final class ColumnNames {

  /** Longest column name: Unity Catalog and most recipients' catalogs stop at 255 characters. */
  static final int MAX_LENGTH = 255;

  static final String UNNAMED = "unnamed";

  private static final char GAP = '_';

  private ColumnNames() {}

  static String readable(String sourceName) {
    // Lower-casing may decompose (İ → i + combining dot), so compose again afterwards.
    String s = Normalizer.normalize(
        Normalizer.normalize(sourceName, Normalizer.Form.NFC).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    StringBuilder out = new StringBuilder(s.length());
    boolean afterKept = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetterOrDigit(cp) || (afterKept && isMark(cp))) {
        out.appendCodePoint(cp);
        afterKept = true;
      } else {
        if (afterKept) {
          out.append(GAP);
        }
        afterKept = false;
      }
    }
    String name = trimGaps(out);
    return name.isEmpty() ? UNNAMED : truncate(name, MAX_LENGTH);
  }

  /** {@code base}, or the first {@code base_2}, {@code base_3}… not in {@code taken}, shortened so the suffix fits. */
  static String unique(String base, Set<String> taken) {
    String name = base;
    for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
      String suffix = "_" + n;
      name = truncate(base, MAX_LENGTH - suffix.length()) + suffix;
    }
    return name;
  }

  /** At most {@code max} code points, never ending in a cut surrogate pair or a {@code _}. */
  static String truncate(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    return trimGaps(new StringBuilder(s.substring(0, s.offsetByCodePoints(0, max))));
  }

  private static boolean isMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  private static String trimGaps(StringBuilder s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == GAP) {
      end--;
    }
    return s.substring(0, end);
  }
}
