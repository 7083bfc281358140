package io.shareline.connector.onboarding;

import io.shareline.common.Failures;
import io.shareline.delivery.RunRef;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cuts a connector's history (every run in scope, in backfill order) into pages that take their runs from
 * every source workflow in turn, so a page holds batches of several workflows and they are delivered in
 * parallel even when one workflow's runs all come before another's. Each workflow's runs keep their order.
 *
 * <p>The cursor names, per workflow, the last run handed out ({@value #PREFIX}{@code wf=job&wf=job…},
 * URL-encoded), so it stays valid while new runs are appended to the source. A cursor of the earlier
 * form, one run key in one order for all workflows, still pages on in that order until its backfill ends.
 */
final class HistoryPages {
  static final String PREFIX = "per-workflow:";

  /** The page's runs and the cursor after it (null: the history is done). */
  record Page(List<RunRef> runs, String nextCursor) {}

  private HistoryPages() {}

  /** The next page of at most {@code pageSize} runs of {@code ordered} after {@code cursor} (null: the first). */
  static Page next(List<RunRef> ordered, String cursor, int pageSize) {
    int size = Math.max(1, pageSize);
    if (cursor != null && !cursor.startsWith(PREFIX)) {
      return inOneOrder(ordered, cursor, size);
    }
    Map<String, String> last = parse(cursor);
    Map<String, List<RunRef>> remaining = remainingByWorkflow(ordered, last);
    List<RunRef> page = new ArrayList<>();
    for (int rank = 0; page.size() < size; rank++) {
      boolean any = false;
      for (List<RunRef> runs : remaining.values()) {
        if (rank < runs.size() && page.size() < size) {
          page.add(runs.get(rank));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    page.forEach(run -> last.put(run.workflowId(), run.jobId()));
    boolean done = page.size() == remaining.values().stream().mapToInt(List::size).sum();
    return new Page(page, done ? null : format(last));
  }

  /**
   * Each workflow's runs after its cursor entry, workflows in the order their first remaining run comes.
   * A workflow the cursor does not name starts at its first run.
   */
  private static Map<String, List<RunRef>> remainingByWorkflow(List<RunRef> ordered, Map<String, String> last) {
    Map<String, List<RunRef>> all = new LinkedHashMap<>();
    for (RunRef run : ordered) {
      all.computeIfAbsent(run.workflowId(), w -> new ArrayList<>()).add(run);
    }
    Map<String, List<RunRef>> remaining = new LinkedHashMap<>();
    for (Map.Entry<String, List<RunRef>> workflow : all.entrySet()) {
      List<RunRef> runs = workflow.getValue();
      String lastJob = last.get(workflow.getKey());
      int from = 0;
      if (lastJob != null) {
        from = runs.stream().map(RunRef::jobId).toList().indexOf(lastJob) + 1;
        if (from == 0) {
          throw Failures.CONFIG_INVALID.failure("backfill cursor names run " + new RunRef(workflow.getKey(), lastJob).key()
              + ", which is no longer in the source");
        }
      }
      if (from < runs.size()) {
        remaining.put(workflow.getKey(), runs.subList(from, runs.size()));
      }
    }
    return remaining;
  }

  /** The earlier paging: the runs after the run {@code cursor} names, in one order across workflows. */
  private static Page inOneOrder(List<RunRef> ordered, String cursor, int size) {
    int from = ordered.stream().map(RunRef::key).toList().indexOf(cursor) + 1;
    if (from == 0) {
      throw Failures.CONFIG_INVALID.failure("backfill cursor " + cursor + " is no longer in the source");
    }
    int to = Math.min(ordered.size(), from + size);
    List<RunRef> page = ordered.subList(from, to);
    return new Page(List.copyOf(page), to < ordered.size() ? page.get(page.size() - 1).key() : null);
  }

  private static Map<String, String> parse(String cursor) {
    Map<String, String> last = new TreeMap<>();
    if (cursor == null || cursor.length() == PREFIX.length()) {
      return last;
    }
    for (String entry : cursor.substring(PREFIX.length()).split("&")) {
      int eq = entry.indexOf('=');
      if (eq < 0) {
        throw Failures.CONFIG_INVALID.failure("backfill cursor is malformed");
      }
      last.put(decode(entry.substring(0, eq)), decode(entry.substring(eq + 1)));
    }
    return last;
  }

  private static String format(Map<String, String> last) {
    StringBuilder cursor = new StringBuilder(PREFIX);
    last.forEach((workflow, job) -> {
      if (cursor.length() > PREFIX.length()) {
        cursor.append('&');
      }
      cursor.append(encode(workflow)).append('=').append(encode(job));
    });
    return cursor.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
