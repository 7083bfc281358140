package io.shareline.activitylog;

/**
 * One export batch's outcome.
 *
 * @param next       the cursor after the last line consumed (exported, dropped or skipped)
 * @param exported   events written to {@code activity_log} by this call (0 for a batch found already applied)
 * @param dropped    events about workflows outside the connector's scope
 * @param malformed  lines that were not a valid event: counted and skipped, never echoed
 * @param caughtUp   no complete line is left after {@code next}
 */
public record ActivityExport(ActivityCursor next, int exported, int dropped, int malformed, boolean caughtUp) {}
