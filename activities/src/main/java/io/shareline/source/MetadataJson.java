package io.shareline.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.schema.SourceType;
import io.shareline.source.SourceException.Kind;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parts of run.json and workflow.json that delivery depends on, read so that no doubt is resolved
 * silently: a key given twice, an id that disagrees with the folder the file sits in, a private flag that
 * is not a boolean, a time outside the years 0001 to 9999, each fail as {@link Kind#INVALID_SCHEMA} or
 * {@link Kind#MALFORMED_JSON} instead of being guessed.
 */
final class MetadataJson {

  /** Rows keep a repeated key's last value (documented); metadata refuses it, since it decides ids and counts. */
  private static final ObjectMapper JSON = new ObjectMapper(
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** ARRAY&lt;…&gt; nested deeper than this is no type a source writes, and parsing it recurses. */
  static final int MAX_ARRAY_NESTING = 32;

  /**
   * Times in metadata end up in every row's timestamp columns: they must lie in the years every Delta reader
   * (Spark, Databricks SQL) holds. A clock that says otherwise is wrong, and guessing a time would be worse.
   */
  private static final Instant FIRST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

  /** Longest text quoted from metadata in a message (ids, statuses); longer ones are left out. */
  private static final int MAX_QUOTED = 64;

  private MetadataJson() {}

  /** The file's top-level object. */
  static ObjectNode parse(byte[] bytes, String file) {
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (JsonEOFException e) {
      throw SourceException.of(Kind.TRUNCATED, file, "JSON ends early");
    } catch (JsonProcessingException e) {
      // The parser's own message quotes the offending text, which may be data: keep only the position.
      long line = e.getLocation() == null ? 0 : Math.max(e.getLocation().getLineNr(), 0);
      boolean repeated = String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field");
      throw SourceException.atLine(Kind.MALFORMED_JSON, file, line, repeated ? "a key is given twice" : RowStream.notJson(e));
    } catch (IOException e) {
      throw new SourceException(Kind.UNREADABLE, file, 0, "cannot parse file", e);
    }
    if (node == null || node.isMissingNode()) {
      throw SourceException.of(Kind.TRUNCATED, file, "file is empty");
    }
    if (!node.isObject()) {
      throw SourceException.of(Kind.NOT_AN_OBJECT, file, "top-level JSON value is not an object");
    }
    return (ObjectNode) node;
  }

  /** A scalar's text, or null when absent, null or not a scalar. */
  static String text(JsonNode json, String key) {
    JsonNode n = json.path(key);
    return n.isValueNode() && !n.isNull() ? n.asText() : null;
  }

  /** An ISO-8601 time in the years 0001 to 9999. */
  static Instant instant(JsonNode json, String key, String file, boolean required) {
    String text = text(json, key);
    if (text == null) {
      if (required) {
        throw SourceException.of(Kind.INVALID_SCHEMA, file, key + " is missing");
      }
      return null;
    }
    Instant instant = TextValues.parseInstant(text);
    if (instant == null) {
      throw SourceException.of(Kind.INVALID_SCHEMA, file, key + " is not an ISO-8601 time");
    }
    if (instant.isBefore(FIRST_INSTANT) || instant.isAfter(LAST_INSTANT)) {
      throw SourceException.of(Kind.INVALID_SCHEMA, file, key + " is outside the years 0001 to 9999");
    }
    return instant;
  }

  /** A flag that is absent, null, true or false; anything else would leave a private field's fate to a guess. */
  static boolean flag(JsonNode json, String key, String file, String owner) {
    JsonNode n = json.path(key);
    if (n.isMissingNode() || n.isNull()) {
      return false;
    }
    if (!n.isBoolean()) {
      throw SourceException.of(Kind.INVALID_SCHEMA, file, owner + " has a '" + key + "' flag that is not true or false");
    }
    return n.booleanValue();
  }

  /** An id inside the file may be left out, but when given it must name the folder the file sits in. */
  static void requireFolderId(JsonNode json, String key, String folderName, String file) {
    JsonNode n = json.path(key);
    if (n.isMissingNode() || n.isNull()) {
      return;
    }
    if (!n.isTextual() || !n.textValue().equals(folderName)) {
      String given = n.isTextual() && n.textValue().length() <= MAX_QUOTED ? " ('" + n.textValue() + "')" : "";
      throw SourceException.of(Kind.INVALID_SCHEMA, file,
          key + given + " does not name the folder '" + folderName + "' the file is in: which one is meant is ambiguous");
    }
  }

  /** workflow.json's private flags: {@code "fields": {name: {"private": bool}}} and {@code "private_fields": [names]}. */
  static Set<String> privateFields(JsonNode json, String file) {
    Set<String> flagged = new TreeSet<>();
    JsonNode fields = json.path("fields");
    if (!fields.isMissingNode() && !fields.isNull()) {
      if (!fields.isObject()) {
        throw SourceException.of(Kind.INVALID_SCHEMA, file, "fields is not an object of field names");
      }
      fields.properties().forEach(e -> {
        if (!e.getValue().isObject()) {
          throw SourceException.of(Kind.INVALID_SCHEMA, file, "an entry of fields is not an object");
        }
        if (flag(e.getValue(), "private", file, "an entry of fields")) {
          flagged.add(e.getKey());
        }
      });
    }
    JsonNode listed = json.path("private_fields");
    if (!listed.isMissingNode() && !listed.isNull()) {
      if (!listed.isArray()) {
        throw SourceException.of(Kind.INVALID_SCHEMA, file, "private_fields is not a list of field names");
      }
      listed.forEach(n -> {
        if (!n.isTextual()) {
          throw SourceException.of(Kind.INVALID_SCHEMA, file, "private_fields holds something that is not a field name");
        }
        flagged.add(n.textValue());
      });
    }
    return flagged;
  }

  /** A schema field's type; unknown, or nested deeper than {@value #MAX_ARRAY_NESTING} arrays, is invalid. */
  static SourceType type(JsonNode field, String owner, String file) {
    String text = field.path("type").isTextual() ? field.path("type").textValue() : null;
    if (text != null && text.chars().filter(c -> c == '<').limit(MAX_ARRAY_NESTING + 1).count() > MAX_ARRAY_NESTING) {
      throw SourceException.of(Kind.INVALID_SCHEMA, file,
          owner + " nests arrays more than " + MAX_ARRAY_NESTING + " deep");
    }
    try {
      return SourceType.parse(text);
    } catch (IllegalArgumentException e) {
      throw SourceException.of(Kind.INVALID_SCHEMA, file, owner + " has an unknown type");
    }
  }

  /** Metadata text fit to quote in a message: short, or left out. */
  static String quoted(String text) {
    return text != null && text.length() <= MAX_QUOTED && text.chars().noneMatch(Character::isISOControl)
        ? "'" + text + "'" : "an unexpected value";
  }
}
