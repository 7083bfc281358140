package io.shareline.connector;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.shareline.delivery.RunRef;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the connector remembers of the runs that ended, bounded however many there were: counts, per source
 * workflow a watermark (its newest finished run, its place in the finish order and its counts), and a
 * window of the last {@link #WINDOW} runs that ended, in the order they ended. Part of {@link ConnectorState}.
 * The full record of every run is in the delivery ledger and the {@code workflow_runs} table. A run older
 * than the window that is reported again goes through the stages again and writes nothing: LOAD finds its
 * job's Delta transaction id committed ({@code alreadyDelivered}, no rows counted).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public final class FinishedRuns {
  /** Runs in the window: enough for duplicate signals and a backfill page's live copies. */
  public static final int WINDOW = 128;
  /** Source workflows with a watermark; the one whose last run ended longest ago goes first. */
  public static final int WORKFLOWS = 128;

  public enum Outcome {
    DELIVERED, SKIPPED,
    /** The delivery workflow ended abnormally (terminated, timed out): not delivered, may come again. */
    ABANDONED;

    boolean finished() {
      return this != ABANDONED;
    }
  }

  /** One run that ended, {@code seq} its place in the connector's finish order. */
  public record Ended(String run, Outcome outcome, long seq) {}

  /**
   * A source workflow's watermark.
   *
   * @param lastJob the job id of its newest run that was delivered or skipped
   * @param lastSeq that run's place in the connector's finish order
   */
  public record Watermark(String lastJob, long lastSeq, long delivered, long skipped) {}

  private long runsDelivered;
  private long rowsDelivered;
  private long runsSkipped;
  private long runsAbandoned;
  /** Runs that ended so far, every outcome counted: the last place in the finish order. */
  private long runsEnded;
  private TreeMap<String, Watermark> watermarks = new TreeMap<>();
  private Deque<Ended> recentRuns = new ArrayDeque<>();

  void delivered(RunRef run, long rows) {
    record(run, Outcome.DELIVERED);
    runsDelivered++;
    rowsDelivered += rows;
  }

  void skipped(RunRef run) {
    record(run, Outcome.SKIPPED);
    runsSkipped++;
  }

  void abandoned(RunRef run) {
    record(run, Outcome.ABANDONED);
    runsAbandoned++;
  }

  /** A backfill page's runs, with the rows they added. */
  void backfilled(List<RunRef> delivered, List<RunRef> skipped, List<RunRef> abandoned, long rows) {
    delivered.forEach(run -> record(run, Outcome.DELIVERED));
    skipped.forEach(this::skipped);
    abandoned.forEach(this::abandoned);
    runsDelivered += delivered.size();
    rowsDelivered += rows;
  }

  /** Records how {@code run} ended: the newest entry of the window, and its workflow's watermark if it finished. */
  private void record(RunRef run, Outcome outcome) {
    long seq = ++runsEnded;
    recentRuns.addLast(new Ended(run.key(), outcome, seq));
    while (recentRuns.size() > WINDOW) {
      recentRuns.removeFirst();
    }
    if (outcome.finished()) {
      Watermark was = watermarks.getOrDefault(run.workflowId(), new Watermark(null, 0, 0, 0));
      boolean skipped = outcome == Outcome.SKIPPED;
      watermarks.put(run.workflowId(), new Watermark(run.jobId(), seq, was.delivered() + (skipped ? 0 : 1),
          was.skipped() + (skipped ? 1 : 0)));
      while (watermarks.size() > WORKFLOWS) {
        watermarks.values().stream().min(Comparator.comparingLong(Watermark::lastSeq))
            .ifPresent(oldest -> watermarks.values().remove(oldest));
      }
    }
  }

  /** {@code run}, read from a recorded state as delivered, was skipped. */
  private void relabelSkipped(RunRef run) {
    String key = run.key();
    List<Ended> relabelled = recentRuns.stream().map(e -> e.run().equals(key) && e.outcome() == Outcome.DELIVERED
        ? new Ended(key, Outcome.SKIPPED, e.seq()) : e).toList();
    recentRuns.clear();
    recentRuns.addAll(relabelled);
    Watermark mark = watermarks.get(run.workflowId());
    if (mark != null && mark.delivered() > 0) {
      watermarks.put(run.workflowId(), new Watermark(mark.lastJob(), mark.lastSeq(), mark.delivered() - 1,
          mark.skipped() + 1));
    }
  }

  /** Whether {@code run} was delivered or skipped as far as this record reaches back. */
  public boolean contains(RunRef run) {
    Watermark mark = watermarks.get(run.workflowId());
    return (mark != null && run.jobId().equals(mark.lastJob())) || outcomeOf(run).map(Outcome::finished).orElse(false);
  }

  /** How {@code run} ended last, if it is in the window. */
  public Optional<Outcome> outcomeOf(RunRef run) {
    String key = run.key();
    var newestFirst = recentRuns.descendingIterator();
    while (newestFirst.hasNext()) {
      Ended ended = newestFirst.next();
      if (ended.run().equals(key)) {
        return Optional.of(ended.outcome());
      }
    }
    return Optional.empty();
  }

  /** Keys ({@code workflow/job}) of the window's runs with {@code outcome}, oldest first. */
  public List<String> recent(Outcome outcome) {
    return recentRuns.stream().filter(e -> e.outcome() == outcome).map(Ended::run).toList();
  }

  /** Keys of the window's delivered and skipped runs, in the order they ended. */
  public List<String> recentlyFinished() {
    return recentRuns.stream().filter(e -> e.outcome().finished()).map(Ended::run).distinct().toList();
  }

  /** The window, oldest first. */
  public List<Ended> window() {
    return List.copyOf(recentRuns);
  }

  /** Source workflow → its watermark. */
  public Map<String, Watermark> watermarks() {
    return java.util.Collections.unmodifiableMap(watermarks);
  }

  /** Runs that ended so far, every outcome counted: the finish order's last place. */
  public long ended() {
    return runsEnded;
  }

  public long runsDelivered() {
    return runsDelivered;
  }

  public long rowsDelivered() {
    return rowsDelivered;
  }

  public long runsSkipped() {
    return runsSkipped;
  }

  public long runsAbandoned() {
    return runsAbandoned;
  }

  // States recorded before this record existed held every run key ({@code workflow/job}): read into it here.

  @JsonProperty("done")
  private void readDone(List<String> keys) {
    keys.forEach(key -> record(runOf(key), Outcome.DELIVERED));
  }

  /** Follows {@code done} in recorded states: its keys are there already, recorded as delivered. */
  @JsonProperty("skipped")
  private void readSkipped(List<String> keys) {
    keys.forEach(key -> relabelSkipped(runOf(key)));
    runsSkipped += keys.size();
  }

  @JsonProperty("abandoned")
  private void readAbandoned(List<String> keys) {
    keys.forEach(key -> record(runOf(key), Outcome.ABANDONED));
    runsAbandoned += keys.size();
  }

  /** Workflow ids have no slash. */
  static RunRef runOf(String key) {
    int slash = key.indexOf('/');
    return new RunRef(key.substring(0, slash), key.substring(slash + 1));
  }
}
