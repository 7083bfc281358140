package io.shareline.connector;

import static io.shareline.connector.ConnectorStatus.DISABLED;
import static io.shareline.connector.ConnectorStatus.PROVISIONING;
import static io.shareline.connector.ConnectorStatus.REVOKED;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.shareline.backfill.BackfillProgress;
import io.shareline.backfill.BackfillReport;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.DeliveryOutcome;
import io.shareline.delivery.DeliveryState.StageFailure;
import io.shareline.delivery.RunRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  /** Unwrapped, as are the two below: their fields sit at the top level, where they were before they were classes. */
  @JsonUnwrapped
  private RunQueues runs = new RunQueues();
  @JsonUnwrapped
  private FinishedRuns finished = new FinishedRuns();
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
    List<RunRef> wereMissed = runs.takeMissed();
    for (RunRef run : wereMissed) {
      if (deliverMissed) {
        runs.add(run, false);
      } else {
        finished.skipped(run);
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

  /** A run finished at the source: queued (or missed while disabled) unless out of scope or known already. */
  public boolean enqueue(RunRef run) {
    if (status == REVOKED || !spec.inScope(run.workflowId()) || isKnown(run)) {
      return false;
    }
    runs.add(run, status == DISABLED);
    return true;
  }

  /** The first queued run, off the queue (the first live delivery). */
  public RunRef takeFirstQueued() {
    return runs.takeFirst();
  }

  /** The queue the dispatcher takes runs from and the map it records deliveries in flight in. */
  List<RunRef> queue() {
    return runs.queue();
  }

  Map<String, RunRef> deliveries() {
    return runs.deliveries();
  }

  /** A delivery parked in FAILED: it waits for retry or skip. */
  public void failed(RunRef run, StageFailure failure) {
    runs.parked(run, failure);
    lastFailure = run.key() + " at " + failure.stage() + ": " + failure.type();
  }

  /** The operator retries a failed run: a returned one starts again from the queue, a parked one in place. */
  public void retry(RunRef run) {
    runs.unpark(run);
  }

  /** The operator gives up on a failed run: a returned one leaves the queue now, a parked one ends SKIPPED. */
  public void skip(RunRef run) {
    if (isReturned(run)) {
      runs.dequeue(List.of(run));
      finished.skipped(run);
    }
    runs.unpark(run);
  }

  /** A delivery started: the run leaves the queue (the dispatcher records its own starts in {@link #deliveries}). */
  public void started(RunRef run) {
    runs.started(run);
  }

  /** A delivery of the connector's ended DELIVERED, with {@code rows} new rows. */
  public void delivered(RunRef run, long rows) {
    runs.ended(run);
    finished.delivered(run, rows);
  }

  /** A delivery of the connector's ended SKIPPED (the operator gave up on it). */
  public void skipped(RunRef run) {
    runs.ended(run);
    finished.skipped(run);
  }

  /** Terminated or timed out from outside: kept visible, never counted as delivered. */
  public void abandoned(RunRef run, String reason) {
    runs.ended(run);
    finished.abandoned(run);
    lastFailure = run.key() + ": " + reason;
  }

  /**
   * A page of history is done: its runs are never delivered again, live copies queued meanwhile drop; the
   * runs it hands back wait at the head of their workflows' queues, a failed one parked on its failure.
   */
  public void backfilled(BackfillReport report) {
    finished.backfilled(report.delivered(), report.skipped(), report.abandoned(),
        report.progress().rows() - (backfill == null ? 0 : backfill.rows()));
    runs.dequeue(report.delivered());
    runs.dequeue(report.skipped());
    report.returned().stream().filter(run -> run.failure() != null)
        .forEach(run -> runs.parked(run.run(), run.failure()));
    runs.requeueFirst(report.returned().stream().map(DeliveryOutcome::run).toList(), finished::contains);
    backfill = report.progress();
  }

  /** The scope is now {@code workflows}: queued and missed runs out of it drop. Returns how many queued runs dropped. */
  public int rescope(List<String> workflows, List<String> added, boolean newRunsOnly) {
    spec = spec.withWorkflows(workflows);
    scope.rescoped(spec, newRunsOnly ? List.of() : added);
    return runs.rescope(spec);
  }

  /** Queued, in delivery, missed, or (as far as the record reaches back) delivered or skipped. */
  public boolean isKnown(RunRef run) {
    return finished.contains(run) || runs.holds(run);
  }

  /** A failed run handed back by the backfill: queued here, no delivery of it running, waiting for retry or skip. */
  public boolean isReturned(RunRef run) {
    return runs.isReturned(run);
  }

  /** Keys of the runs of {@code scoped}'s workflows a backfill must not deliver: known here, recently finished included. */
  List<String> knownKeys(ConnectorSpec scoped) {
    List<String> keys = new ArrayList<>(finished.recentlyFinished());
    keys.addAll(runs.keys());
    return keys.stream().filter(key -> scoped.inScope(FinishedRuns.runOf(key).workflowId())).distinct().toList();
  }

  /**
   * Source workflows whose queued runs must not start now: those whose history a scope backfill delivers,
   * and those queued behind a returned failed run (their order holds until an operator retries or skips it).
   */
  public Set<String> heldWorkflows() {
    Set<String> held = new TreeSet<>(scope.backfilling());
    held.addAll(runs.heldBehindFailures());
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
    return runs.pending().isEmpty() && runs.inFlight().isEmpty();
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
    return runs.pending();
  }

  public Map<String, RunRef> inFlight() {
    return runs.inFlight();
  }

  public List<RunRef> missed() {
    return runs.missed();
  }

  public Map<String, StageFailure> failed() {
    return runs.failed();
  }

  /** The bounded record of the runs that ended: watermarks per workflow and the recent window. */
  public FinishedRuns finished() {
    return finished;
  }

  public long runsDelivered() {
    return finished.runsDelivered();
  }

  public long rowsDelivered() {
    return finished.rowsDelivered();
  }

  public long runsSkipped() {
    return finished.runsSkipped();
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
}
