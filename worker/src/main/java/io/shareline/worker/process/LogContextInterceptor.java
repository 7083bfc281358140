package io.shareline.worker.process;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.MDC;

/**
 * Puts the ids of the run an activity works on into the logging context of its thread, so every line an
 * activity logs carries {@code connector}, {@code workflow} (the source workflow) and {@code job}, next to
 * the SDK's own {@code WorkflowId} and {@code ActivityType} (logged as {@code temporal_workflow_id} and
 * {@code activity}). The ids come from the Temporal workflow id, which names them by design
 * ({@code delivery/<connector>/<workflow>/<job>}, {@code connector/<connector>}, {@code backfill/<connector>}),
 * never from the activity's input, so no row value or secret can reach the context.
 */
final class LogContextInterceptor extends WorkerInterceptorBase {

  static final String CONNECTOR = "connector";
  static final String WORKFLOW = "workflow";
  static final String JOB = "job";

  private final Consumer<String> connectorSeen;

  /** @param connectorSeen told the connector id of every activity (feeds the connectors-by-state gauge) */
  LogContextInterceptor(Consumer<String> connectorSeen) {
    this.connectorSeen = connectorSeen;
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      // Activity.getExecutionContext() is not set yet where interceptors run: keep the one init hands over.
      private String workflowId;

      @Override
      public void init(ActivityExecutionContext context) {
        workflowId = context.getInfo().getWorkflowId();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        Map<String, String> ids = ids(workflowId);
        ids.forEach(MDC::put);
        if (ids.containsKey(CONNECTOR)) {
          connectorSeen.accept(ids.get(CONNECTOR));
        }
        try {
          return super.execute(input);
        } finally {
          if (previous == null) {
            MDC.clear();
          } else {
            MDC.setContextMap(previous);
          }
        }
      }
    };
  }

  /** The logging fields a Temporal workflow id carries. */
  static Map<String, String> ids(String workflowId) {
    String[] parts = workflowId.split("/", 4);
    Map<String, String> ids = new LinkedHashMap<>();
    if (parts.length >= 2 && !parts[1].isEmpty()) {
      ids.put(CONNECTOR, parts[1]);
    }
    if (parts.length == 4 && parts[0].equals("delivery")) {
      ids.put(WORKFLOW, parts[2]);
      ids.put(JOB, parts[3]);
    }
    return ids;
  }
}
