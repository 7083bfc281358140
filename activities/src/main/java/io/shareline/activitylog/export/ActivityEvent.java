package io.shareline.activitylog.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * One activity event reduced to the allowlist. Nothing else in the source line is read
 * into it, so nothing else can reach the table.
 */
record ActivityEvent(long occurredAtMicros, String eventType, String eventTitle, String resourceName,
    String workflowId, String requestSource) {

  static final StructType SCHEMA = new StructType()
      .add("occurred_at", TimestampType.TIMESTAMP, false)
      .add("event_type", StringType.STRING, true)
      .add("event_title", StringType.STRING, true)
      .add("resource_name", StringType.STRING, true)
      .add("workflow_id", StringType.STRING, true)
      .add("request_source", StringType.STRING, true);

  /** Why a line is not an event; logged with the file and line, never with the line's content. */
  enum Problem { NOT_JSON, NOT_AN_OBJECT, NO_OCCURRED_AT, BAD_OCCURRED_AT, NO_EVENT_TYPE }

  /** A parsed line: an event, or the problem that made it unusable. */
  record Parsed(ActivityEvent event, Problem problem) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  static Parsed parse(String line) {
    JsonNode json;
    try {
      json = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return new Parsed(null, Problem.NOT_JSON);
    }
    if (json == null || !json.isObject()) {
      return new Parsed(null, Problem.NOT_AN_OBJECT);
    }
    String occurredAt = text(json, "occurred_at");
    if (occurredAt == null) {
      return new Parsed(null, Problem.NO_OCCURRED_AT);
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(occurredAt).toInstant();
    } catch (DateTimeParseException e) {
      return new Parsed(null, Problem.BAD_OCCURRED_AT);
    }
    String type = text(json, "event_type");
    if (type == null) {
      return new Parsed(null, Problem.NO_EVENT_TYPE);
    }
    return new Parsed(new ActivityEvent(micros(at), type, text(json, "event_title"), text(json, "resource_name"),
        text(json, "workflow_id"), text(json, "request_source")), null);
  }

  Object[] row() {
    return new Object[] {occurredAtMicros, eventType, eventTitle, resourceName, workflowId, requestSource};
  }

  /** A scalar as text; an object or array is not a string column's value and becomes null. */
  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      return null;
    }
    String text = value.asText();
    return text.isBlank() ? null : text;
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }
}
