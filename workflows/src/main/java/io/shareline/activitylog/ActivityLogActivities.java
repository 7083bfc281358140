package io.shareline.activitylog;

import io.shareline.connector.spec.ConnectorSpec;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Reads {@code <source>/activity/<yyyy-mm-dd>.jsonl} and appends allowlisted events to the connector's
 * {@code activity_log} table. Idempotent per (file, last line): a repeated batch adds nothing.
 */
@ActivityInterface
public interface ActivityLogActivities {

  /**
   * Exports at most {@code maxEvents} lines after {@code from}, keeping only the allowlisted fields,
   * and makes sure the table is registered with the provider and in the share.
   */
  @ActivityMethod(name = "ExportActivity")
  ActivityExport exportActivity(ConnectorSpec spec, ActivityCursor from, int maxEvents);

  /** The last complete line of the newest day file: "now", for a connector that skips history. */
  @ActivityMethod(name = "ActivityCursorAtEnd")
  ActivityCursor activityCursorAtEnd(ConnectorSpec spec);
}
