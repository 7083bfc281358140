package io.shareline.connector;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.DeliveryState.StageFailure;
import io.shareline.delivery.RunRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The connector's work in hand: runs queued, in delivery, missed while disabled, and parked on a failure.
 * Part of {@link ConnectorState}; these only hold runs not delivered yet, so they are as long as the backlog.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public final class RunQueues {
  /** Live runs received and not started yet, in arrival order: a FIFO per source workflow. */
  private List<RunRef> pending = new ArrayList<>();
  /** Source workflow id → its run in delivery now (at most one per workflow); written by the dispatcher. */
  private TreeMap<String, RunRef> inFlight = new TreeMap<>();
  /** Runs finished while the connector was disabled; {@code enable --backfill-missed} delivers them. */
  private List<RunRef> missed = new ArrayList<>();
  /** Run key → the stage failure its delivery is parked on, waiting for retry or skip. */
  private TreeMap<String, StageFailure> failed = new TreeMap<>();

  /** Queued, in delivery or missed. */
  boolean holds(RunRef run) {
    return pending.contains(run) || run.equals(inFlight.get(run.workflowId())) || missed.contains(run);
  }

  void add(RunRef run, boolean missedWhileDisabled) {
    (missedWhileDisabled ? missed : pending).add(run);
  }

  /** The missed runs, off their list. */
  List<RunRef> takeMissed() {
    List<RunRef> taken = List.copyOf(missed);
    missed.clear();
    return taken;
  }

  RunRef takeFirst() {
    return pending.remove(0);
  }

  /** The mutable queue and in-flight map the dispatcher works on. */
  List<RunRef> queue() {
    return pending;
  }

  Map<String, RunRef> deliveries() {
    return inFlight;
  }

  void started(RunRef run) {
    pending.remove(run);
    inFlight.put(run.workflowId(), run);
  }

  /** However a delivery ends, it is no longer in flight nor waiting for an operator. */
  void ended(RunRef run) {
    inFlight.remove(run.workflowId(), run);
    failed.remove(run.key());
  }

  void parked(RunRef run, StageFailure failure) {
    failed.put(run.key(), failure);
  }

  void unpark(RunRef run) {
    failed.remove(run.key());
  }

  /** Runs that finished elsewhere (a backfill page) leave the queue. */
  void dequeue(List<RunRef> runs) {
    pending.removeAll(runs);
  }

  /** Puts runs handed back by the backfill before the queued runs of their workflows, keeping their order. */
  void requeueFirst(List<RunRef> runs, Predicate<RunRef> finished) {
    for (int i = runs.size() - 1; i >= 0; i--) {
      RunRef run = runs.get(i);
      if (pending.contains(run) || finished.test(run)) {
        continue;
      }
      int at = 0;
      while (at < pending.size() && !pending.get(at).workflowId().equals(run.workflowId())) {
        at++;
      }
      pending.add(at, run);
    }
  }

  /** Runs out of {@code spec}'s scope drop; returns how many queued runs did. */
  int rescope(ConnectorSpec spec) {
    int queued = pending.size();
    pending.removeIf(run -> !spec.inScope(run.workflowId()));
    missed.removeIf(run -> !spec.inScope(run.workflowId()));
    return queued - pending.size();
  }

  /** A failed run handed back by the backfill: queued here, no delivery of it running. */
  boolean isReturned(RunRef run) {
    return failed.containsKey(run.key()) && pending.contains(run) && !run.equals(inFlight.get(run.workflowId()));
  }

  /** Source workflows with a queued run parked on a failure: their order holds until it is retried or skipped. */
  Set<String> heldBehindFailures() {
    Set<String> held = new TreeSet<>();
    pending.stream().filter(run -> failed.containsKey(run.key())).forEach(run -> held.add(run.workflowId()));
    return held;
  }

  /** Keys of the runs queued or in delivery. */
  List<String> keys() {
    List<String> keys = new ArrayList<>();
    pending.forEach(run -> keys.add(run.key()));
    inFlight.values().forEach(run -> keys.add(run.key()));
    return keys;
  }

  public List<RunRef> pending() {
    return Collections.unmodifiableList(pending);
  }

  public Map<String, RunRef> inFlight() {
    return Collections.unmodifiableMap(inFlight);
  }

  public List<RunRef> missed() {
    return Collections.unmodifiableList(missed);
  }

  public Map<String, StageFailure> failed() {
    return Collections.unmodifiableMap(failed);
  }
}
