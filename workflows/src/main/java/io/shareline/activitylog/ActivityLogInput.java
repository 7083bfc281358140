package io.shareline.activitylog;

import io.shareline.connector.spec.ConnectorSpec;

/**
 * Start input of an activity log sync.
 *
 * @param spec      the connector; {@code spec.activityLog() == false} starts the sync DISABLED
 * @param backfill  export history from the first day file; otherwise start at the end of the newest one
 * @param settings  interval and batch sizes (null: defaults)
 * @param carried   the state carried over by continue-as-new (null on a first start)
 */
public record ActivityLogInput(ConnectorSpec spec, boolean backfill, ActivityLogSettings settings,
    ActivityLogState carried) {

  public ActivityLogInput {
    settings = settings == null ? ActivityLogSettings.defaults() : settings;
  }

  public static ActivityLogInput of(ConnectorSpec spec, boolean backfill) {
    return new ActivityLogInput(spec, backfill, null, null);
  }
}
