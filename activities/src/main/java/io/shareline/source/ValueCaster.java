package io.shareline.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.shareline.connector.DeliverySettings.CastPolicy;
import io.shareline.schema.FieldSpec;
import io.shareline.schema.SourceType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one JSON value into the Java value the Delta writer expects for the field's mapped Delta type
 * ({@link #deltaType}). Lenient (the default): a value that does not fit becomes null and is counted in
 * {@link #rejected()}; array elements that do not fit become null elements and each counts once.
 * Strict: such a value throws {@link CastMismatch} instead. JSON null or a missing value is null and
 * never counted. An instance is a counter: use one per column from one thread.
 */
public final class ValueCaster {

  public static final int MONEY_PRECISION = 38;
  public static final int MONEY_SCALE = 6;

  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final String CURRENCY = "(?:[A-Za-z]{0,3}\\p{Sc}|[A-Za-z]{3})";
  private static final Pattern MONEY = Pattern.compile(
      "([+-])?\\s*(?:" + CURRENCY + "\\s*)?([+-])?\\s*"
          + "(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+)"
          + "\\s*(?:" + CURRENCY + ")?");
  private static final Pattern SPACE_SEPARATED_DATE_TIME = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}) (\\d)");

  /** Reads one value's tree off a row's parser: the row goes on after it. */
  private static final ObjectReader SUBTREE =
      RunSource.JSON.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final CastPolicy policy;
  private long rejected;

  /** A lenient caster. */
  public ValueCaster() {
    this(CastPolicy.LENIENT);
  }

  public ValueCaster(CastPolicy policy) {
    this.policy = policy;
  }

  /**
   * The value for {@code type}'s Delta column, or null (counted when {@code value} was present but did
   * not fit). Throws {@link CastMismatch} for a value that does not fit under the strict policy.
   */
  public Object cast(JsonNode value, SourceType type) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    Object out = convert(value, type);
    if (out == null) {
      if (policy == CastPolicy.STRICT) {
        throw new CastMismatch(jsonKind(value), type);
      }
      rejected++;
    }
    return out;
  }

  /**
   * {@link #cast(JsonNode, SourceType)} of the value at the parser's current token, read through the
   * value's end (also when it throws {@link CastMismatch}). Scalars become the nodes Jackson's tree reader
   * makes of them and other objects are read as trees, so every rule stays the tree's; arrays are walked
   * element by element and an OBJECT field's object is copied token by token ({@link PublicJson#read}).
   */
  public Object castCurrent(JsonParser parser, SourceType type) throws IOException {
    return cast(parser, parser.currentToken(), type);
  }

  /** The value at the parser's current token as the tree reader makes it, read through its end. */
  public static JsonNode readValue(JsonParser parser) throws IOException {
    return node(parser, parser.currentToken());
  }

  /** Present values that did not fit their type and became null, array elements included. */
  public long rejected() {
    return rejected;
  }

  /** The Delta type a source type lands in, as Delta's schema strings spell it. */
  public static String deltaType(SourceType type) {
    return switch (type.kind()) {
      case STRING, LINK, IMAGE, EMAIL, PHONE, OBJECT -> "string";
      case NUMBER -> "double";
      case INTEGER -> "long";
      case BOOLEAN -> "boolean";
      case DATE -> "date";
      case DATETIME -> "timestamp";
      case MONEY -> "decimal(" + MONEY_PRECISION + "," + MONEY_SCALE + ")";
      case ARRAY -> "array<" + deltaType(type.element()) + ">";
    };
  }

  /** A copy of {@code node} without any object key starting with {@code _}, at every depth. */
  public static JsonNode stripPrivate(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!FieldSpec.isPrivateName(e.getKey())) {
          out.set(e.getKey(), stripPrivate(e.getValue()));
        }
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
      node.forEach(e -> out.add(stripPrivate(e)));
      return out;
    }
    return node;
  }

  /** The JSON kind of a present value as messages name it: string, number, boolean, object, array. */
  static String jsonKind(JsonNode value) {
    return value.getNodeType().name().toLowerCase(Locale.ROOT);
  }

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

  /**
   * {@code 2026-01-05T08:30:00[.f{1,9}]Z}, what most engines write, without the general ISO parser (a
   * fifth of STAGE time on a run with one date-time column). Null for any other text: the general parser decides.
   */
  private static Instant parseCanonicalUtc(String s) {
    int n = s.length();
    if (n < 20 || n == 21 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
        || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':' || (n > 20 && s.charAt(19) != '.')) {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    int fraction = n > 20 ? digits(s, 20, n - 1) : 0;
    if ((year | month | day | hour | minute | second | fraction) < 0) {
      return null;
    }
    for (int i = n; i < 30; i++) {
      fraction *= 10; // to nanoseconds: n - 21 fraction digits
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, fraction).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * {@code yyyy-MM-dd} naming a real day, what {@link LocalDate#parse} accepts most often, without the
   * general parser (it cost a tenth of STAGE). Null for any other text: the general parser decides.
   */
  private static LocalDate canonicalDate(String s) {
    if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    if ((year | month | day) < 0) {
      return null;
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The decimal value of {@code s[from, to)}, or -1 when a character is not an ASCII digit. */
  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private Object convert(JsonNode v, SourceType type) {
    return switch (type.kind()) {
      case STRING, LINK, IMAGE, EMAIL, PHONE -> v.isValueNode() ? v.asText() : null;
      case NUMBER -> toDouble(v);
      case INTEGER -> toLong(v);
      case BOOLEAN -> toBoolean(v);
      case DATE -> toEpochDay(v);
      case DATETIME -> toEpochMicros(v);
      case MONEY -> toMoney(v);
      case ARRAY -> toList(v, type.element());
      case OBJECT -> v.isObject() ? PublicJson.of(v) : null;
    };
  }

  private static Double toDouble(JsonNode v) {
    double d;
    if (v.isNumber()) {
      d = v.doubleValue();
    } else {
      BigDecimal parsed = v.isTextual() ? parseDecimal(v.asText()) : null;
      if (parsed == null) {
        return null;
      }
      d = parsed.doubleValue();
    }
    return Double.isFinite(d) ? d : null;
  }

  private static Long toLong(JsonNode v) {
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? v.longValue() : null;
    }
    BigDecimal d = v.isNumber() ? v.decimalValue() : v.isTextual() ? parseDecimal(v.asText()) : null;
    if (d == null) {
      return null;
    }
    try {
      return d.longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static Boolean toBoolean(JsonNode v) {
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    String s = v.isTextual() ? v.asText().trim() : "";
    return s.equalsIgnoreCase("true") ? Boolean.TRUE : s.equalsIgnoreCase("false") ? Boolean.FALSE : null;
  }

  private static Integer toEpochDay(JsonNode v) {
    if (!v.isTextual()) {
      return null;
    }
    String s = v.asText().trim();
    LocalDate date = canonicalDate(s);
    if (date != null) {
      return (int) date.toEpochDay();
    }
    try {
      date = LocalDate.parse(s);
    } catch (DateTimeException e) {
      Instant instant = parseInstant(s);
      if (instant == null) {
        return null;
      }
      date = LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
    long day = date.toEpochDay();
    return day == (int) day ? (int) day : null;
  }

  private static Long toEpochMicros(JsonNode v) {
    try {
      if (v.isIntegralNumber() || (v.isNumber() && v.canConvertToExactIntegral())) {
        return v.canConvertToLong() ? Math.multiplyExact(v.longValue(), 1000L) : null;
      }
      if (!v.isTextual()) {
        return null;
      }
      String s = v.asText().trim();
      Instant instant = parseInstant(s);
      if (instant == null) {
        instant = LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
    } catch (ArithmeticException | DateTimeException e) {
      return null;
    }
  }

  private static BigDecimal toMoney(JsonNode v) {
    BigDecimal d;
    if (v.isNumber()) {
      d = v.decimalValue();
    } else if (v.isTextual()) {
      d = parseMoney(v.asText());
    } else if (v.isObject() && v.hasNonNull("amount") && v.get("amount").isValueNode()) {
      return toMoney(v.get("amount"));
    } else {
      return null;
    }
    if (d == null || d.precision() - d.scale() > MONEY_PRECISION - MONEY_SCALE) {
      return null;
    }
    return d.setScale(MONEY_SCALE, RoundingMode.HALF_UP);
  }

  private List<Object> toList(JsonNode v, SourceType element) {
    if (!v.isArray()) {
      return null;
    }
    List<Object> out = new ArrayList<>(v.size());
    v.forEach(e -> out.add(cast(e, element)));
    return out;
  }

  private Object cast(JsonParser parser, JsonToken token, SourceType type) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token == JsonToken.START_ARRAY && type.kind() == SourceType.Kind.ARRAY) {
      return castElements(parser, type.element());
    }
    if (token == JsonToken.START_OBJECT && type.kind() == SourceType.Kind.OBJECT) {
      return PublicJson.read(parser);
    }
    return cast(node(parser, token), type);
  }

  private List<Object> castElements(JsonParser parser, SourceType element) throws IOException {
    List<Object> out = new ArrayList<>();
    try {
      for (JsonToken token = next(parser); token != JsonToken.END_ARRAY; token = next(parser)) {
        out.add(cast(parser, token, element));
      }
    } catch (CastMismatch e) {
      for (JsonToken token = next(parser); token != JsonToken.END_ARRAY; token = next(parser)) {
        parser.skipChildren();
      }
      throw e;
    }
    return out;
  }

  /** The next token inside a value: the input may not end there. */
  static JsonToken next(JsonParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      throw new JsonEOFException(parser, null, "input ends inside a value");
    }
    return token;
  }

  /** The node Jackson's tree reader (JsonNodeDeserializer, default features) makes of the current value. */
  private static JsonNode node(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> TextNode.valueOf(parser.getText());
      case VALUE_TRUE -> BooleanNode.TRUE;
      case VALUE_FALSE -> BooleanNode.FALSE;
      case VALUE_NULL -> NullNode.instance;
      case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
        case INT -> IntNode.valueOf(parser.getIntValue());
        case LONG -> LongNode.valueOf(parser.getLongValue());
        default -> BigIntegerNode.valueOf(parser.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> parser.getNumberTypeFP() == JsonParser.NumberTypeFP.FLOAT32
          ? FloatNode.valueOf(parser.getFloatValue())
          : DoubleNode.valueOf(parser.getDoubleValue());
      default -> SUBTREE.readTree(parser);
    };
  }

  private static BigDecimal parseDecimal(String text) {
    String s = text.trim();
    return DECIMAL.matcher(s).matches() ? new BigDecimal(s) : null;
  }

  /** {@code 12.5}, {@code "$1,234.50"}, {@code "EUR 12.5"}, {@code "-US$3"}, {@code "12.50 EUR"}. */
  private static BigDecimal parseMoney(String text) {
    String trimmed = text.trim();
    BigDecimal plain = plainDollars(trimmed);
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
   * MONEY column's cost). Null for any other text: the expression decides.
   */
  private static BigDecimal plainDollars(String s) {
    int start = !s.isEmpty() && s.charAt(0) == '$' ? 1 : 0;
    int n = s.length();
    int i = start;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    int leading = i - start;
    boolean grouped = false;
    if (leading >= 1 && leading <= 3) {
      while (i + 3 < n && s.charAt(i) == ',' && isDigit(s.charAt(i + 1)) && isDigit(s.charAt(i + 2))
          && isDigit(s.charAt(i + 3)) && (i + 4 == n || !isDigit(s.charAt(i + 4)))) {
        i += 4;
        grouped = true;
      }
    }
    if (leading == 0 || i < n && s.charAt(i) == ',') {
      return null;
    }
    int whole = i;
    if (i < n && s.charAt(i) == '.') {
      i++;
      int decimals = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == decimals) {
        return null;
      }
    }
    if (i != n) {
      return null;
    }
    String digits = grouped ? s.substring(start, whole).replace(",", "") + s.substring(whole) : s.substring(start);
    return new BigDecimal(digits);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
