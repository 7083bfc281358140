package io.shareline.connector;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.shareline.delivery.RunRef;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the connector remembers of the runs that ended, bounded however many there were: per source
 * workflow a watermark (its newest finished run, its place in the finish order and its counts), and a
 * window of the last {@link #WINDOW} runs that ended, in the order they ended. The full record of every
 * run is in the delivery ledger and the {@code workflow_runs} table. A run older than the window that
 * comes again is delivered again, which the stages turn into a no-op (each LOAD commit carries its job's
 * transaction id, the ledger answers {@code alreadyDelivered}).
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

  private long seq;
  private TreeMap<String, Watermark> workflows = new TreeMap<>();
  private Deque<Ended> recent = new ArrayDeque<>();

  /** Records how {@code run} ended: the newest entry of the window, and its workflow's watermark if it finished. */
  void record(RunRef run, Outcome outcome) {
    seq++;
    recent.addLast(new Ended(run.key(), outcome, seq));
    while (recent.size() > WINDOW) {
      recent.removeFirst();
    }
    if (outcome.finished()) {
      Watermark was = workflows.getOrDefault(run.workflowId(), new Watermark(null, 0, 0, 0));
      boolean skipped = outcome == Outcome.SKIPPED;
      workflows.put(run.workflowId(), new Watermark(run.jobId(), seq, was.delivered() + (skipped ? 0 : 1),
          was.skipped() + (skipped ? 1 : 0)));
      while (workflows.size() > WORKFLOWS) {
        workflows.values().stream().min(Comparator.comparingLong(Watermark::lastSeq))
            .ifPresent(oldest -> workflows.values().remove(oldest));
      }
    }
  }

  /** Reads a state recorded before this record existed: {@code run}, recorded as delivered, was skipped. */
  void relabelSkipped(RunRef run) {
    String key = run.key();
    List<Ended> relabelled = recent.stream().map(e -> e.run().equals(key) && e.outcome() == Outcome.DELIVERED
        ? new Ended(key, Outcome.SKIPPED, e.seq()) : e).toList();
    recent.clear();
    recent.addAll(relabelled);
    Watermark mark = workflows.get(run.workflowId());
    if (mark != null && mark.delivered() > 0) {
      workflows.put(run.workflowId(), new Watermark(mark.lastJob(), mark.lastSeq(), mark.delivered() - 1,
          mark.skipped() + 1));
    }
  }

  /** Whether {@code run} was delivered or skipped as far as this record reaches back. */
  public boolean contains(RunRef run) {
    Watermark mark = workflows.get(run.workflowId());
    return (mark != null && run.jobId().equals(mark.lastJob())) || outcomeOf(run).map(Outcome::finished).orElse(false);
  }

  /** How {@code run} ended last, if it is in the window. */
  public Optional<Outcome> outcomeOf(RunRef run) {
    String key = run.key();
    var newestFirst = recent.descendingIterator();
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
    return recent.stream().filter(e -> e.outcome() == outcome).map(Ended::run).toList();
  }

  /** Keys of the window's delivered and skipped runs, in the order they ended. */
  public List<String> recentlyFinished() {
    return recent.stream().filter(e -> e.outcome().finished()).map(Ended::run).distinct().toList();
  }

  /** The window, oldest first. */
  public List<Ended> window() {
    return List.copyOf(recent);
  }

  /** Source workflow → its watermark. */
  public Map<String, Watermark> watermarks() {
    return java.util.Collections.unmodifiableMap(workflows);
  }

  /** Runs that ended so far, every outcome counted: the finish order's last place. */
  public long ended() {
    return seq;
  }
}
