package io.shareline.worker.process;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logback conversion word {@code %ctx}: the line's context as {@code key=value} pairs, each after a space,
 * naming only the keys the line has: {@code connector}, {@code workflow} and {@code job} (from the
 * activity's logging context, else from the ids its Temporal workflow id carries, so lines of workflow code
 * name them too), {@code stage}, {@code temporal_workflow_id} and {@code activity}.
 */
public final class LogContextConverter extends ClassicConverter {

  /** The SDK's logging-context key of the Temporal workflow id. */
  static final String TEMPORAL_WORKFLOW_ID = "WorkflowId";

  /** Output key → logging-context key. */
  private static final Map<String, String> KEYS = new LinkedHashMap<>();

  static {
    KEYS.put("connector", "connector");
    KEYS.put("workflow", "workflow");
    KEYS.put("job", "job");
    KEYS.put("stage", "stage");
    KEYS.put("temporal_workflow_id", TEMPORAL_WORKFLOW_ID);
    KEYS.put("activity", "ActivityType");
  }

  @Override
  public String convert(ILoggingEvent event) {
    Map<String, String> context = event.getMDCPropertyMap();
    String temporalId = context.get(TEMPORAL_WORKFLOW_ID);
    Map<String, String> ids = temporalId == null ? Map.of() : LogContextInterceptor.ids(temporalId);
    StringBuilder out = new StringBuilder();
    KEYS.forEach((name, key) -> {
      String value = context.get(key);
      if (value == null || value.isEmpty()) {
        value = ids.get(key);
      }
      if (value != null && !value.isEmpty()) {
        out.append(' ').append(name).append('=').append(value);
      }
    });
    return out.toString();
  }
}
