package io.shareline.worker;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Map;

/**
 * Logback conversion word {@code %sid{key}} for {@code connector}, {@code workflow} and {@code job}: the
 * value an activity put in the logging context, else the one the line's Temporal workflow id carries.
 * Lines logged by workflow code (where the SDK sets only {@code WorkflowId}) name their ids too.
 */
public final class LogIdConverter extends ClassicConverter {

  /** The SDK's logging-context key of the Temporal workflow id. */
  static final String TEMPORAL_WORKFLOW_ID = "WorkflowId";

  private String key;

  @Override
  public void start() {
    key = getFirstOption();
    if (key == null) {
      addError("%sid needs a key: %sid{connector}, %sid{workflow} or %sid{job}");
      return;
    }
    super.start();
  }

  @Override
  public String convert(ILoggingEvent event) {
    Map<String, String> context = event.getMDCPropertyMap();
    String value = context.get(key);
    if (value == null && context.get(TEMPORAL_WORKFLOW_ID) != null) {
      value = LogContextInterceptor.ids(context.get(TEMPORAL_WORKFLOW_ID)).get(key);
    }
    return value == null ? "" : value;
  }
}
