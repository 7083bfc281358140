package io.shareline.connector;

import static io.shareline.connector.ConnectorStatus.DISABLED;
import static io.shareline.connector.ConnectorStatus.PROVISIONING;
import static io.shareline.connector.ConnectorStatus.REVOKED;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.shareline.backfill.BackfillProgress;
import io.shareline.backfill.BackfillReport;
import io.shareline.connector.FinishedRuns.Outcome;
import io.shareline.delivery.DeliveryOutcome;
import io.shareline.delivery.DeliveryState.StageFailure;
import io.shareline.delivery.RunRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The whole state of a connector: what the {@code state} query returns and what continue-as-new carries.
 * Changed only through its intent methods, from workflow code; its size does not grow with the runs
 * delivered (see {@link FinishedRuns}), only with the runs waiting and the workflows in scope. Serialised
 * by its fields (the Temporal data converter's Jackson), so a field's name is part of the recorded histories.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public final class ConnectorState {
  private ConnectorSpec spec;
  private ConnectorStatus status = PROVISIONING;
  /** While DISABLED: the phase {@code enable} goes back to (BACKFILLING or ACTIVE). */
  private ConnectorStatus resumeTo;
  private Provisioned provisioned;
  /** Historical runs found (and their schema versions registered) before the first live delivery. */
  private SchemaHistory history;
  /** Live runs received and not started yet, in arrival order: a FIFO per source workflow. */
  private List<RunRef> pending = new ArrayList<>();
  /** Source workflow id → its run in delivery now (at most one per workflow); written by the dispatcher. */
  private TreeMap<String, RunRef> inFlight = new TreeMap<>();
  /** Runs finished while the connector was disabled; {@code enable --backfill-missed} delivers them. */
  private List<RunRef> missed = new ArrayList<>();
  /** Run key → the stage failure its delivery is parked on, waiting for retry or skip. */
  private TreeMap<String, StageFailure> failed = new TreeMap<>();
  private FinishedRuns finished = new FinishedRuns();
  private long runsDelivered;
  private long rowsDelivered;
  private long runsSkipped;
  private long runsAbandoned;
  /** Unwrapped: its fields sit at the top level, as they did before it was a class of its own. */
  @JsonUnwrapped
  private CommitLockQueue commitLock = new CommitLockQueue();
  @JsonUnwrapped
  private ScopeChanges scope = new ScopeChanges();
  private boolean backfillStarted;
  /** The activity-log sync child ({@code activitylog/<connector>}) has been started. */
  private boolean activityLogStarted;
  private BackfillProgress backfill;
  private boolean continueAsNewRequested;
  private int continuedAsNew;
  private Revoked revoked;
  private String lastFailure;

  private ConnectorState() {}

  public ConnectorState(ConnectorSpec spec) {
    this.spec = spec;
  }

  // ---- the lifecycle

  public void moveTo(ConnectorStatus next) {
    status = next;
  }

  public void provisioned(Provisioned done) {
    provisioned = done;
  }

  public void historyFound(SchemaHistory found) {
    history = found;
  }

  /** New runs are recorded as missed until {@link #enable}; the phase paused is kept. */
  public void disable() {
    resumeTo = status;
    status = DISABLED;
  }

  /** Back to the paused phase; the missed runs are queued, or recorded as skipped. Returns them. */
  public List<RunRef> enable(boolean deliverMissed) {
    List<RunRef> wereMissed = List.copyOf(missed);
    missed.clear();
    for (RunRef run : wereMissed) {
      if (deliverMissed) {
        pending.add(run);
      } else {
        recordSkipped(run);
      }
    }
    status = resumeTo;
    return wereMissed;
  }

  /** The backfill finished while disabled: {@code enable} goes back to ACTIVE. */
  public void resumeAfterBackfill() {
    resumeTo = ConnectorStatus.ACTIVE;
  }

  public void revoked(Revoked done) {
    revoked = done;
    status = REVOKED;
  }

  public void activityLogSyncStarted() {
    activityLogStarted = true;
  }

  public void backfillStarted(BackfillProgress progress) {
    backfill = progress;
    backfillStarted = true;
  }

  public void requestContinueAsNew() {
    continueAsNewRequested = true;
  }

  public void continuingAsNew() {
    continueAsNewRequested = false;
    continuedAsNew++;
  }

  // ---- runs

  /** A run finished at the source: queued (or missed while disabled) unless out of scope or known already. */
  public boolean enqueue(RunRef run) {
    if (status == REVOKED || !spec.inScope(run.workflowId()) || isKnown(run)) {
      return false;
    }
    (status == DISABLED ? missed : pending).add(run);
    return true;
  }

  /** The first queued run, off the queue (the first live delivery). */
  public RunRef takeFirstQueued() {
    return pending.remove(0);
  }

  /** The queue the dispatcher takes runs from and the map it records deliveries in flight in. */
  List<RunRef> queue() {
    return pending;
  }

  Map<String, RunRef> deliveries() {
    return inFlight;
  }

  /** A delivery parked in FAILED: it waits for retry or skip. */
  public void failed(RunRef run, StageFailure failure) {
    failed.put(run.key(), failure);
    lastFailure = run.key() + " at " + failure.stage() + ": " + failure.type();
  }

  /** The operator retries a failed run: a returned one starts again from the queue, a parked one in place. */
  public void retry(RunRef run) {
    failed.remove(run.key());
  }

  /** The operator gives up on a failed run: a returned one leaves the queue now, a parked one ends SKIPPED. */
  public void skip(RunRef run) {
    if (isReturned(run)) {
      pending.remove(run);
      recordSkipped(run);
    }
    failed.remove(run.key());
  }

  /** A delivery started: the run leaves the queue (the dispatcher records its own starts in {@link #deliveries}). */
  public void started(RunRef run) {
    pending.remove(run);
    inFlight.put(run.workflowId(), run);
  }

  /** A delivery of the connector's ended DELIVERED, with {@code rows} new rows. */
  public void delivered(RunRef run, long rows) {
    inFlight.remove(run.workflowId(), run);
    finished.record(run, Outcome.DELIVERED);
    runsDelivered++;
    rowsDelivered += rows;
    failed.remove(run.key());
  }

  /** A delivery of the connector's ended SKIPPED (the operator gave up on it). */
  public void skipped(RunRef run) {
    inFlight.remove(run.workflowId(), run);
    recordSkipped(run);
    failed.remove(run.key());
  }

  /** Terminated or timed out from outside: kept visible, never counted as delivered. */
  public void abandoned(RunRef run, String reason) {
    inFlight.remove(run.workflowId(), run);
    finished.record(run, Outcome.ABANDONED);
    runsAbandoned++;
    failed.remove(run.key());
    lastFailure = run.key() + ": " + reason;
  }

  /**
   * A page of history is done: its runs are never delivered again, live copies queued meanwhile drop; the
   * runs it hands back wait at the head of their workflows' queues, a failed one parked on its failure.
   */
  public void backfilled(BackfillReport report) {
    report.delivered().forEach(run -> finished.record(run, Outcome.DELIVERED));
    report.skipped().forEach(this::recordSkipped);
    report.abandoned().forEach(run -> {
      finished.record(run, Outcome.ABANDONED);
      runsAbandoned++;
    });
    pending.removeAll(report.delivered());
    pending.removeAll(report.skipped());
    report.returned().stream().filter(run -> run.failure() != null)
        .forEach(run -> failed.put(run.run().key(), run.failure()));
    requeueFirst(report.returned().stream().map(DeliveryOutcome::run).toList());
    runsDelivered += report.delivered().size();
    rowsDelivered += report.progress().rows() - (backfill == null ? 0 : backfill.rows());
    backfill = report.progress();
  }

  private void recordSkipped(RunRef run) {
    finished.record(run, Outcome.SKIPPED);
    runsSkipped++;
  }

  /** Puts runs handed back by the backfill before the queued runs of their workflows, keeping their order. */
  private void requeueFirst(List<RunRef> runs) {
    for (int i = runs.size() - 1; i >= 0; i--) {
      RunRef run = runs.get(i);
      if (pending.contains(run) || finished.contains(run)) {
        continue;
      }
      int at = 0;
      while (at < pending.size() && !pending.get(at).workflowId().equals(run.workflowId())) {
        at++;
      }
      pending.add(at, run);
    }
  }

  // ---- scope and commit lock

  /** The scope is now {@code workflows}: queued and missed runs out of it drop. Returns how many queued runs dropped. */
  public int rescope(List<String> workflows, List<String> added, boolean newRunsOnly) {
    spec = spec.withWorkflows(workflows);
    int queued = pending.size();
    pending.removeIf(run -> !spec.inScope(run.workflowId()));
    missed.removeIf(run -> !spec.inScope(run.workflowId()));
    scope.rescoped(spec, newRunsOnly ? List.of() : added);
    return queued - pending.size();
  }

  // ---- what the state says

  /** Queued, in delivery, missed, or (as far as the record reaches back) delivered or skipped. */
  public boolean isKnown(RunRef run) {
    return finished.contains(run) || pending.contains(run) || run.equals(inFlight.get(run.workflowId()))
        || missed.contains(run);
  }

  /** A failed run handed back by the backfill: queued here, no delivery of it running, waiting for retry or skip. */
  public boolean isReturned(RunRef run) {
    return failed.containsKey(run.key()) && pending.contains(run) && !run.equals(inFlight.get(run.workflowId()));
  }

  /** Keys of the runs of {@code scoped}'s workflows a backfill must not deliver: known here, recently finished included. */
  List<String> knownKeys(ConnectorSpec scoped) {
    List<String> keys = new ArrayList<>(finished.recentlyFinished());
    pending.forEach(run -> keys.add(run.key()));
    inFlight.values().forEach(run -> keys.add(run.key()));
    return keys.stream().filter(key -> scoped.inScope(runOf(key).workflowId())).distinct().toList();
  }

  /**
   * Source workflows whose queued runs must not start now: those whose history a scope backfill delivers,
   * and those queued behind a returned failed run (their order holds until an operator retries or skips it).
   */
  public Set<String> heldWorkflows() {
    Set<String> held = new TreeSet<>(scope.backfilling());
    for (RunRef run : pending) {
      if (failed.containsKey(run.key())) {
        held.add(run.workflowId());
      }
    }
    return held;
  }

  /** The lifecycle phase, looking through DISABLED to the phase it paused. */
  public ConnectorStatus phase() {
    return status == DISABLED ? resumeTo : status;
  }

  /** The backfill workflow was started and has not reported its last page yet. */
  public boolean isBackfilling() {
    return backfillStarted && (backfill == null || !backfill.finished());
  }

  /** Nothing queued, nothing in delivery. */
  public boolean isIdle() {
    return pending.isEmpty() && inFlight.isEmpty();
  }

  public ConnectorSpec spec() {
    return spec;
  }

  public ConnectorStatus status() {
    return status;
  }

  public ConnectorStatus resumeTo() {
    return resumeTo;
  }

  public Provisioned provisioned() {
    return provisioned;
  }

  public SchemaHistory history() {
    return history;
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

  /** The bounded record of the runs that ended: watermarks per workflow and the recent window. */
  public FinishedRuns finished() {
    return finished;
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

  /** Who holds the shared-table commit lock, who waits for it. */
  public CommitLockQueue commitLock() {
    return commitLock;
  }

  /** Workflows added to the scope whose history is queued for, or under, a backfill. */
  public ScopeChanges scope() {
    return scope;
  }

  public boolean backfillStarted() {
    return backfillStarted;
  }

  public boolean activityLogStarted() {
    return activityLogStarted;
  }

  public BackfillProgress backfill() {
    return backfill;
  }

  public boolean continueAsNewRequested() {
    return continueAsNewRequested;
  }

  public int continuedAsNew() {
    return continuedAsNew;
  }

  public Revoked revoked() {
    return revoked;
  }

  public String lastFailure() {
    return lastFailure;
  }

  // ---- states recorded before the bounded record: their unbounded sets are read into it

  @JsonProperty("done")
  private void readDone(List<String> keys) {
    keys.forEach(key -> finished.record(runOf(key), Outcome.DELIVERED));
  }

  /** Follows {@code done} in recorded states: its keys are there already, recorded as delivered. */
  @JsonProperty("skipped")
  private void readSkipped(List<String> keys) {
    keys.forEach(key -> finished.relabelSkipped(runOf(key)));
    runsSkipped += keys.size();
  }

  @JsonProperty("abandoned")
  private void readAbandoned(List<String> keys) {
    keys.forEach(key -> finished.record(runOf(key), Outcome.ABANDONED));
    runsAbandoned += keys.size();
  }

  private static RunRef runOf(String key) {
    int slash = key.indexOf('/');
    return new RunRef(key.substring(0, slash), key.substring(slash + 1));
  }
}
