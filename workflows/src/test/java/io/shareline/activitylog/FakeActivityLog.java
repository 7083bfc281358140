package io.shareline.activitylog;

import io.shareline.common.Failures;
import io.shareline.connector.spec.ConnectorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * An activity log of one day file that grows when a test says so; records every cursor an export
 * started from. Thread-safe: activities run on the test worker's threads.
 */
final class FakeActivityLog implements ActivityLogActivities {
  static final String FILE = "2026-03-01.jsonl";

  private long lines;
  private boolean failNext;
  private final List<ActivityCursor> exportsFrom = new ArrayList<>();
  private int endLookups;

  FakeActivityLog(long lines) {
    this.lines = lines;
  }

  synchronized void append(long more) {
    lines += more;
  }

  /** The next export fails with a non-retryable type, as a misconfigured source would. */
  synchronized void failNextExport() {
    failNext = true;
  }

  synchronized List<ActivityCursor> exportsFrom() {
    return List.copyOf(exportsFrom);
  }

  synchronized int endLookups() {
    return endLookups;
  }

  @Override
  public synchronized ActivityExport exportActivity(ConnectorSpec spec, ActivityCursor from, int maxEvents) {
    exportsFrom.add(from);
    if (failNext) {
      failNext = false;
      throw Failures.CONFIG_INVALID.failure("source folder is a file");
    }
    long after = from.isStart() ? 0 : from.line();
    long take = Math.min(maxEvents, lines - after);
    return new ActivityExport(new ActivityCursor(FILE, after + take), (int) take, 0, 0, after + take == lines);
  }

  @Override
  public synchronized ActivityCursor activityCursorAtEnd(ConnectorSpec spec) {
    endLookups++;
    return new ActivityCursor(FILE, lines);
  }
}
