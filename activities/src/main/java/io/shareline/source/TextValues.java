package io.shareline.source;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text forms {@link ValueCaster} accepts for dates, date-times, decimals and money: a fast path for the
 * canonical forms most sources write, and the general parsers (or expressions) deciding every other text.
 * Each method returns null for text that is not such a value.
 */
final class TextValues {

  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final String CURRENCY = "(?:[A-Za-z]{0,3}\\p{Sc}|[A-Za-z]{3})";
  private static final Pattern MONEY = Pattern.compile(
      "([+-])?\\s*(?:" + CURRENCY + "\\s*)?([+-])?\\s*"
          + "(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+)"
          + "\\s*(?:" + CURRENCY + ")?");
  private static final Pattern SPACE_SEPARATED_DATE_TIME = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}) (\\d)");


  /** ISO-8601 date-time with offset, zone or neither (then UTC); a space may stand for the {@code T}. Null if not one. */
  static Instant parseInstant(String text) {
    Instant utc = parseCanonicalUtc(text);
    if (utc != null) {
      return utc;
    }
    String s = SPACE_SEPARATED_DATE_TIME.matcher(text.trim()).replaceFirst("$1T$2");
    try {
      TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parse(s);
      ZoneId zone = t.query(TemporalQueries.zone());
      return zone != null ? ZonedDateTime.from(t).toInstant() : LocalDateTime.from(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** What the canonical-form readers return for text that is not in their form (or names no real instant). */
  static final long NOT_CANONICAL = Long.MIN_VALUE;

  /**
   * {@code 2026-01-05T08:30:00[.f{1,9}]Z}, what most engines write, without the general ISO parser (a
   * fifth of STAGE time on a run with one date-time column). Null for any other text: the general parser decides.
   */
  static Instant parseCanonicalUtc(String s) {
    if (s.length() < 20 || s.length() > 30) {
      return null;
    }
    byte[] b = latin1(s);
    long second = canonicalUtcSecond(b, 0, b.length);
    return second == NOT_CANONICAL ? null : Instant.ofEpochSecond(second, canonicalNanos(b, 0, b.length));
  }

  /**
   * {@link #parseCanonicalUtc} as microseconds since the epoch (the fraction truncated, as
   * {@code Instant.getNano() / 1000}), without making the instant; {@link #NOT_CANONICAL} when it gives null.
   */
  static long canonicalUtcMicros(String s) {
    int n = s.length();
    return n < 20 || n > 30 ? NOT_CANONICAL : canonicalUtcMicros(latin1(s), 0, n);
  }

  /** {@link #canonicalUtcMicros(String)} of the ASCII text {@code b[from, to)} (other bytes are not canonical). */
  static long canonicalUtcMicros(byte[] b, int from, int to) {
    long second = canonicalUtcSecond(b, from, to);
    return second == NOT_CANONICAL ? NOT_CANONICAL : second * 1_000_000L + canonicalNanos(b, from, to) / 1000;
  }

  /** The epoch second of canonical UTC text, or {@link #NOT_CANONICAL}. */
  private static long canonicalUtcSecond(byte[] b, int from, int to) {
    int n = to - from;
    if (n < 20 || n == 21 || n > 30 || b[to - 1] != 'Z' || b[from + 4] != '-' || b[from + 7] != '-'
        || b[from + 10] != 'T' || b[from + 13] != ':' || b[from + 16] != ':' || (n > 20 && b[from + 19] != '.')) {
      return NOT_CANONICAL;
    }
    int hour = digits(b, from + 11, from + 13);
    int minute = digits(b, from + 14, from + 16);
    int second = digits(b, from + 17, from + 19);
    int fraction = n > 20 ? digits(b, from + 20, to - 1) : 0;
    long day = epochDay(digits(b, from, from + 4), digits(b, from + 5, from + 7), digits(b, from + 8, from + 10));
    if (day == NOT_CANONICAL || (hour | minute | second | fraction) < 0 || hour > 23 || minute > 59 || second > 59) {
      return NOT_CANONICAL;
    }
    return day * 86_400 + hour * 3600 + minute * 60 + second;
  }

  /** The nanoseconds of canonical UTC text whose {@link #canonicalUtcSecond} is known. */
  private static int canonicalNanos(byte[] b, int from, int to) {
    int n = to - from;
    int fraction = n > 20 ? digits(b, from + 20, to - 1) : 0;
    for (int i = n; i < 30; i++) {
      fraction *= 10; // to nanoseconds: n - 21 fraction digits
    }
    return fraction;
  }

  /**
   * {@code yyyy-MM-dd} naming a real day, what {@link LocalDate#parse} accepts most often, as days since
   * the epoch, without the general parser (it cost a tenth of STAGE). {@link #NOT_CANONICAL} for any other
   * text: the general parser decides.
   */
  static long canonicalEpochDay(String s) {
    return s.length() != 10 ? NOT_CANONICAL : canonicalEpochDay(latin1(s), 0, 10);
  }

  /** {@link #canonicalEpochDay(String)} of the ASCII text {@code b[from, to)} (other bytes are not canonical). */
  static long canonicalEpochDay(byte[] b, int from, int to) {
    if (to - from != 10 || b[from + 4] != '-' || b[from + 7] != '-') {
      return NOT_CANONICAL;
    }
    return epochDay(digits(b, from, from + 4), digits(b, from + 5, from + 7), digits(b, from + 8, from + 10));
  }

  /** The text's characters as bytes, one each: a character past Latin-1 becomes {@code ?}, which no fast path takes. */
  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Days since 1970-01-01 of a proleptic Gregorian date with a year of 0 to 9999, as
   * {@link LocalDate#toEpochDay} counts them, or {@link #NOT_CANONICAL} when there is no such day
   * (negative parts stand for text that was not digits).
   */
  private static long epochDay(int year, int month, int day) {
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) {
      return NOT_CANONICAL;
    }
    // Days from civil: years start in March, so the leap day is the last day of the year.
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }

  private static int monthLength(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** The decimal value of {@code b[from, to)}, or -1 when a byte is not an ASCII digit. */
  private static int digits(byte[] b, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      int digit = b[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  static BigDecimal parseDecimal(String text) {
    String s = text.trim();
    return DECIMAL.matcher(s).matches() ? new BigDecimal(s) : null;
  }

  /** {@code 12.5}, {@code "$1,234.50"}, {@code "EUR 12.5"}, {@code "-US$3"}, {@code "12.50 EUR"}. */
  static BigDecimal parseMoney(String text) {
    String trimmed = text.trim();
    byte[] b = latin1(trimmed);
    BigDecimal plain = plainDollars(b, 0, b.length);
    if (plain != null) {
      return plain;
    }
    Matcher m = MONEY.matcher(trimmed);
    if (!m.matches() || (m.group(1) != null && m.group(2) != null)) {
      return null;
    }
    String sign = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : "";
    return new BigDecimal(sign + m.group(3).replace(",", ""));
  }

  /**
   * {@code 1234.5}, {@code $1,234.50}: an optional {@code $}, digits (in thousands groups or not) and
   * decimals, which {@link #MONEY} reads as that number, without the regular expression (a fifth of a
   * MONEY column's cost), here of the ASCII text {@code b[from, to)}. Null for any other text: the
   * expression decides.
   */
  static BigDecimal plainDollars(byte[] b, int from, int to) {
    int start = from < to && b[from] == '$' ? from + 1 : from;
    int i = start;
    while (i < to && isDigit(b[i])) {
      i++;
    }
    int leading = i - start;
    boolean grouped = false;
    if (leading >= 1 && leading <= 3) {
      while (i + 3 < to && b[i] == ',' && isDigit(b[i + 1]) && isDigit(b[i + 2])
          && isDigit(b[i + 3]) && (i + 4 == to || !isDigit(b[i + 4]))) {
        i += 4;
        grouped = true;
      }
    }
    if (leading == 0 || i < to && b[i] == ',') {
      return null;
    }
    int whole = i;
    if (i < to && b[i] == '.') {
      i++;
      int decimals = i;
      while (i < to && isDigit(b[i])) {
        i++;
      }
      if (i == decimals) {
        return null;
      }
    }
    if (i != to) {
      return null;
    }
    if (to - start <= 18 + (grouped ? (whole - start) / 4 : 0)) {
      // At most 18 digits: the value fits a long, read without the text of a BigDecimal.
      long unscaled = 0;
      for (int j = start; j < to; j++) {
        if (isDigit(b[j])) {
          unscaled = unscaled * 10 + (b[j] - '0');
        }
      }
      return BigDecimal.valueOf(unscaled, whole < to ? to - whole - 1 : 0);
    }
    String digits = new String(b, start, to - start, StandardCharsets.ISO_8859_1);
    return new BigDecimal(grouped ? digits.replace(",", "") : digits);
  }

  /**
   * {@code BigDecimal.valueOf(d).setScale(scale, HALF_UP)} without printing {@code d}, or null when this
   * shortcut does not apply. It applies when some decimal {@code x} with {@code scale} places rounds to
   * {@code d} and {@code |d| < 2^29}: spacing between doubles there is under 10^-7, so {@code x} is the
   * only such decimal, and the text {@code Double.toString(d)} gives lies within that spacing of {@code x},
   * so rounding it to {@code scale} places gives {@code x} too.
   */
  static BigDecimal scaledDouble(double d, int scale) {
    if (scale > 6 || !(Math.abs(d) < 0x1p29)) {
      return null;
    }
    double unit = POWERS_OF_TEN[scale];
    long unscaled = Math.round(d * unit);
    return unscaled / unit == d ? BigDecimal.valueOf(unscaled, scale) : null;
  }

  private static final double[] POWERS_OF_TEN = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private TextValues() {}
}
