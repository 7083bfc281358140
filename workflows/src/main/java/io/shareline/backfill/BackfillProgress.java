package io.shareline.backfill;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * How far a backfill got; carried across continue-as-new and shown in the UI and the CLI.
 *
 * @param total        historical runs in scope when the backfill last planned a page
 * @param done         runs delivered, skipped or excluded (already delivered live)
 * @param startedAtMillis workflow time the backfill started
 */
public record BackfillProgress(int total, int done, long rows, int pages, long startedAtMillis, long updatedAtMillis,
    boolean finished) {

  public static BackfillProgress startedAt(long millis) {
    return new BackfillProgress(0, 0, 0, 0, millis, millis, false);
  }

  public BackfillProgress withTotal(int newTotal) {
    return new BackfillProgress(newTotal, done, rows, pages, startedAtMillis, updatedAtMillis, finished);
  }

  public BackfillProgress plusRuns(int runs, long moreRows, long nowMillis) {
    return new BackfillProgress(total, done + runs, rows + moreRows, pages, startedAtMillis, nowMillis, finished);
  }

  public BackfillProgress pageDone(boolean last) {
    return new BackfillProgress(total, done, rows, pages + 1, startedAtMillis, updatedAtMillis, last);
  }

  /** Estimated milliseconds left at the pace so far; -1 until a run is done. */
  @JsonIgnore
  public long etaMillis() {
    if (done == 0 || finished) {
      return finished ? 0 : -1;
    }
    long elapsed = Math.max(0, updatedAtMillis - startedAtMillis);
    return elapsed * Math.max(0, total - done) / done;
  }

  /** e.g. {@code 40/120 runs, 4,000 rows, ETA 12 min}. */
  @JsonIgnore
  public String describe() {
    long eta = etaMillis();
    String etaText = eta < 0 ? "ETA unknown" : "ETA " + Math.max(eta / 60_000, eta > 0 ? 1 : 0) + " min";
    return done + "/" + total + " runs, " + rows + " rows, " + etaText;
  }
}
