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
import io.shareline.connector.spec.DeliverySettings.CastPolicy;
import io.shareline.schema.FieldSpec;
import io.shareline.schema.SourceType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

  /** Reads one value's tree off a row's parser: the row goes on after it. */
  private static final ObjectReader SUBTREE =
      RunSource.JSON.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final CastPolicy policy;
  private long rejected;
  /** Copies OBJECT values off the parser; made on first use. */
  private PublicJson objects;

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
      BigDecimal parsed = v.isTextual() ? TextValues.parseDecimal(v.asText()) : null;
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
    if (v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue())) {
      return null; // 1e400 reads as infinity
    }
    BigDecimal d = v.isNumber() ? v.decimalValue() : v.isTextual() ? TextValues.parseDecimal(v.asText()) : null;
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
    return v.isTextual() ? toEpochDay(v.asText()) : null;
  }

  private static Integer toEpochDay(String text) {
    String s = text.trim();
    long canonical = TextValues.canonicalEpochDay(s);
    if (canonical != TextValues.NOT_CANONICAL) {
      return (int) canonical;
    }
    LocalDate date;
    try {
      date = LocalDate.parse(s);
    } catch (DateTimeException e) {
      Instant instant = TextValues.parseInstant(s);
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
      return v.isTextual() ? toEpochMicros(v.asText()) : null;
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static Long toEpochMicros(String text) {
    String s = text.trim();
    long canonical = TextValues.canonicalUtcMicros(s);
    if (canonical != TextValues.NOT_CANONICAL) {
      return canonical;
    }
    try {
      Instant instant = TextValues.parseInstant(s);
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
    if (v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue())) {
      return null; // 1e400 reads as infinity, which no decimal holds
    }
    if (v instanceof DoubleNode) {
      BigDecimal scaled = TextValues.scaledDouble(v.doubleValue(), MONEY_SCALE);
      d = scaled != null ? scaled : v.decimalValue();
    } else if (v.isNumber()) {
      d = v.decimalValue();
    } else if (v.isTextual()) {
      d = TextValues.parseMoney(v.asText());
    } else if (v.isObject() && v.hasNonNull("amount") && v.get("amount").isValueNode()) {
      return toMoney(v.get("amount"));
    } else {
      return null;
    }
    return money(d);
  }

  /** {@code d} at scale six, or null when it has more whole digits than the column holds (or is null). */
  static BigDecimal money(BigDecimal d) {
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
      if (objects == null) {
        objects = new PublicJson();
      }
      return objects.read(parser);
    }
    Object direct = direct(parser, token, type);
    return direct != null ? direct : cast(node(parser, token), type);
  }

  /**
   * The common scalar casts straight off the token, without the node (null: go through the node). Each
   * gives what {@link #convert} gives for the node the tree reader makes of the token.
   */
  private static Object direct(JsonParser parser, JsonToken token, SourceType type) throws IOException {
    return switch (type.kind()) {
      case STRING, LINK, IMAGE, EMAIL, PHONE -> token == JsonToken.VALUE_STRING ? parser.getText() : null;
      case INTEGER -> token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER
          ? parser.getLongValue() : null;
      case NUMBER -> number(parser, token);
      case BOOLEAN -> token == JsonToken.VALUE_TRUE ? Boolean.TRUE : token == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
      case DATE -> token == JsonToken.VALUE_STRING ? toEpochDay(parser.getText()) : null;
      case DATETIME -> token == JsonToken.VALUE_STRING ? toEpochMicros(parser.getText()) : null;
      case MONEY -> token == JsonToken.VALUE_NUMBER_FLOAT && parser.getNumberTypeFP() != JsonParser.NumberTypeFP.FLOAT32
          ? TextValues.scaledDouble(parser.getDoubleValue(), MONEY_SCALE)
          : token == JsonToken.VALUE_STRING ? money(TextValues.parseMoney(parser.getText())) : null;
      default -> null;
    };
  }

  /** A NUMBER off a number token as {@link #toDouble} makes it of the tree's node; null for the rest. */
  private static Double number(JsonParser parser, JsonToken token) throws IOException {
    double d;
    if (token == JsonToken.VALUE_NUMBER_FLOAT && parser.getNumberTypeFP() != JsonParser.NumberTypeFP.FLOAT32) {
      d = parser.getDoubleValue();
    } else if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      d = parser.getLongValue();
    } else {
      return null;
    }
    return Double.isFinite(d) ? d : null;
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
}
