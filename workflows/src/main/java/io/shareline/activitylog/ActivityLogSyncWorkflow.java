package io.shareline.activitylog;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Exports a connector's activity events into its {@code activity_log} table, forever; id
 * {@code activitylog/<connectorId>}. Handlers are signals, not updates, because the connector
 * workflow drives them and a workflow can signal another one but not update it.
 */
@WorkflowInterface
public interface ActivityLogSyncWorkflow {

  static String workflowId(String connectorId) {
    return "activitylog/" + connectorId;
  }

  @WorkflowMethod
  void run(ActivityLogInput input);

  /** New events are likely there (a run just finished): export now instead of at the end of the interval. */
  @SignalMethod(description = "Export new activity events now instead of at the end of the interval")
  void poke();

  /** Stops exporting after the batch in flight; the cursor is kept. */
  @SignalMethod(description = "Pause the activity log export (activity sharing disabled for this connector)")
  void disable(String reason);

  /** Resumes from the kept cursor, so events logged while disabled are exported too. */
  @SignalMethod(description = "Resume the activity log export from where it stopped")
  void enable();

  @QueryMethod(description = "Cursor, counts, status and last failure of the activity log export")
  ActivityLogState state();
}
