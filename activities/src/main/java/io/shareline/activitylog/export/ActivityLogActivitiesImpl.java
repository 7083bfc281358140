package io.shareline.activitylog.export;

import io.shareline.activitylog.ActivityCursor;
import io.shareline.activitylog.ActivityExport;
import io.shareline.activitylog.ActivityLogActivities;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.WrittenFile;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.progress.Progress;
import io.shareline.provider.ShareProvider;
import io.shareline.provider.ShareProviders;
import io.shareline.stage.StageFailures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Exports activity events into {@code lakehouse/<connector>/activity_log}. Each file's part of a batch
 * commits under the Delta transaction id ({@code activity:<file>}, last line), and the lines already
 * committed are skipped before reading on, so a batch repeated after a crash, even over a file that
 * grew meanwhile, never adds an event twice.
 */
public final class ActivityLogActivitiesImpl implements ActivityLogActivities {
  public static final String TABLE = "activity_log";
  private static final Logger log = LoggerFactory.getLogger(ActivityLogActivitiesImpl.class);

  private final Lakehouse lakehouse;
  private final DeltaTables tables;
  private final ShareProviders providers;

  public ActivityLogActivitiesImpl(Lakehouse lakehouse, DeltaTables tables, ShareProviders providers) {
    this.lakehouse = lakehouse;
    this.tables = tables;
    this.providers = providers;
  }

  @Override
  public ActivityExport exportActivity(ConnectorSpec spec, ActivityCursor from, int maxEvents) {
    return classified(spec, () -> {
      String table = lakehouse.tablePath(spec.connectorId(), TABLE);
      tables.createIfAbsent(table, ActivityEvent.SCHEMA, Map.of());
      ensureShared(spec, table);
      ActivityFiles source = new ActivityFiles(lakehouse.conf(), spec.sourceUri());
      Batch batch = new Batch(spec, table, from, Math.max(1, maxEvents));
      List<String> files = source.dayFiles();
      for (int i = 0; i < files.size() && batch.remaining > 0; i++) {
        Progress.beat("activity file " + (i + 1));
        String file = files.get(i);
        if (from.isStart() || file.compareTo(from.file()) >= 0) {
          batch.read(file, source.lines(file, i == files.size() - 1), i == files.size() - 1);
        }
      }
      return batch.result();
    });
  }

  @Override
  public ActivityCursor activityCursorAtEnd(ConnectorSpec spec) {
    return classified(spec, () -> {
      ActivityFiles source = new ActivityFiles(lakehouse.conf(), spec.sourceUri());
      List<String> files = source.dayFiles();
      if (files.isEmpty()) {
        return ActivityCursor.start();
      }
      String newest = files.get(files.size() - 1);
      return new ActivityCursor(newest, source.lines(newest, true).size());
    });
  }

  /** One export call's progress over the day files, in order. */
  private final class Batch {
    private final ConnectorSpec spec;
    private final String table;
    private ActivityCursor cursor;
    private int remaining;
    private int exported;
    private int dropped;
    private int malformed;
    private boolean caughtUp;

    Batch(ConnectorSpec spec, String table, ActivityCursor from, int maxEvents) {
      this.spec = spec;
      this.table = table;
      this.cursor = from;
      this.remaining = maxEvents;
    }

    void read(String file, List<String> lines, boolean newest) {
      long after = file.equals(cursor.file()) ? cursor.line() : 0;
      int take = (int) Math.min(remaining, Math.max(0, lines.size() - after));
      long last = after + take;
      // Lines an earlier attempt committed count toward the batch, so a repeat ends where the original did.
      List<Object[]> rows = new ArrayList<>();
      long from = Math.max(after, committedLine(file));
      for (long line = from + 1; line <= last; line++) {
        keep(file, line, lines.get((int) line - 1), rows);
      }
      if (!rows.isEmpty()) {
        // the provider's own copy first: a retry after the commit below finds nothing left to send
        providers.of(spec).exportActivity(spec, new ShareProvider.ActivityEvents(file, from, last, rows));
        if (append(file, last, rows)) {
          exported += rows.size();
        } else {
          log.info("activity/{} up to line {} was already in {}: nothing added", file, last, TABLE);
        }
      }
      remaining -= take;
      cursor = new ActivityCursor(file, last);
      caughtUp = newest && last >= lines.size();
    }

    private void keep(String file, long line, String text, List<Object[]> rows) {
      if (text.isBlank()) {
        return;
      }
      ActivityEvent.Parsed parsed = ActivityEvent.parse(text);
      if (parsed.problem() != null) {
        malformed++;
        log.warn("skipped activity/{} line {}: {}", file, line, parsed.problem());
        return;
      }
      String workflowId = parsed.event().workflowId();
      boolean inScope = workflowId == null ? spec.workflows().isEmpty() : spec.inScope(workflowId);
      if (!inScope) {
        dropped++;
        return;
      }
      rows.add(parsed.event().row());
    }

    private long committedLine(String file) {
      return tables.transactionVersion(table, appId(file)).orElse(0L);
    }

    private boolean append(String file, long lastLine, List<Object[]> rows) {
      List<WrittenFile> written = tables.writeParquet(table, ActivityEvent.SCHEMA, rows.iterator(), 10_000);
      return !tables.appendFiles(table, written, appId(file), lastLine).alreadyApplied();
    }

    ActivityExport result() {
      // No file at all, or a cursor past every file: nothing is left to read.
      boolean done = caughtUp || remaining > 0;
      return new ActivityExport(cursor, exported, dropped, malformed, done);
    }
  }

  /** Registration and share membership state the wanted end state, so this is cheap to repeat. */
  private void ensureShared(ConnectorSpec spec, String table) {
    ShareProvider provider = providers.of(spec);
    if (!provider.view(spec).tables().containsKey(TABLE)) {
      provider.registerTables(spec, Map.of(TABLE, table));
      provider.addToShare(spec, List.of(TABLE));
    }
  }

  static String appId(String file) {
    return "activity:" + file;
  }

  private static <T> T classified(ConnectorSpec spec, Callable<T> body) {
    MDC.put("connector", spec.connectorId());
    try {
      return body.call();
    } catch (Exception e) {
      throw StageFailures.classify(e);
    } finally {
      MDC.remove("connector");
    }
  }
}
