package io.shareline.activitylog;

/**
 * The whole state of an activity log sync: what the {@code state} query returns and what
 * continue-as-new carries. Mutable on purpose, and only ever touched from workflow code.
 */
public class ActivityLogState {
  /** Null until the start point is known (the beginning for a backfill, else the end of the newest file). */
  public ActivityCursor cursor;
  public ActivityLogStatus status = ActivityLogStatus.STARTING;
  /** Paused by {@code disable}; kept across continue-as-new. */
  public boolean disabled;
  public long exported;
  public long dropped;
  public long malformed;
  public long batches;
  /** Why the sync is paused, as given to {@code disable}. */
  public String disabledReason;
  /** The last failed export ({@code TYPE: message}); cleared by the next successful one. */
  public String lastFailure;

  public ActivityLogState() {}

  public ActivityLogState(ActivityCursor cursor) {
    this.cursor = cursor;
  }

  void add(ActivityExport batch) {
    cursor = batch.next();
    exported += batch.exported();
    dropped += batch.dropped();
    malformed += batch.malformed();
    batches++;
    lastFailure = null;
  }
}
