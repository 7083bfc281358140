package io.shareline.connector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.shareline.backfill.BackfillProgress;
import io.shareline.delivery.DeliveryState.StageFailure;
import io.shareline.delivery.RunRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole state of a connector: what the {@code state} query returns and what continue-as-new
 * carries (queues, deliveries' failures and the commit lock included). Mutable on purpose, and only
 * ever touched from workflow code.
 */
public class ConnectorState {
  public ConnectorSpec spec;
  public ConnectorStatus status = ConnectorStatus.PROVISIONING;
  /** While DISABLED: the phase {@code enable} goes back to (BACKFILLING or ACTIVE). */
  public ConnectorStatus resumeTo;
  public Provisioned provisioned;
  /** Historical runs found (and their schema versions registered) before the first live delivery. */
  public SchemaHistory history;
  /** Live runs received and not started yet, in arrival order: a FIFO per source workflow. */
  public List<RunRef> pending = new ArrayList<>();
  /** Source workflow id → its run in delivery now (at most one per workflow). */
  public TreeMap<String, RunRef> inFlight = new TreeMap<>();
  /** Keys ({@code workflow/job}) of runs delivered or skipped: never delivered twice. */
  public Set<String> done = new LinkedHashSet<>();
  public long runsDelivered;
  public long rowsDelivered;
  public List<String> skipped = new ArrayList<>();
  /** Runs that finished while the connector was disabled; {@code enable --backfill-missed} delivers them. */
  public List<RunRef> missed = new ArrayList<>();
  /** Runs whose delivery workflow ended abnormally (terminated, timed out): not delivered, to re-deliver. */
  public List<String> abandoned = new ArrayList<>();
  /** Run key → the stage failure its delivery is parked on, waiting for retry or skip. */
  public TreeMap<String, StageFailure> failed = new TreeMap<>();
  /** Delivery workflow id holding the shared-table commit lock, and those waiting for it in order. */
  public String commitLockHolder;
  public List<String> commitLockWaiters = new ArrayList<>();
  public boolean backfillStarted;
  /** Workflows added to the scope whose history is still to be backfilled (in the order they were added). */
  public List<String> scopeBackfillQueued = new ArrayList<>();
  /** Workflows whose history the running backfill delivers: their live runs wait until it finishes. */
  public Set<String> scopeBackfilling = new java.util.TreeSet<>();
  /** The activity-log sync child ({@code activitylog/<connector>}) has been started. */
  public boolean activityLogStarted;
  public BackfillProgress backfill;
  public boolean continueAsNewRequested;
  public int continuedAsNew;
  public Revoked revoked;
  public String lastFailure;

  public ConnectorState() {}

  public ConnectorState(ConnectorSpec spec) {
    this.spec = spec;
  }

  public boolean isKnown(RunRef run) {
    return done.contains(run.key()) || pending.contains(run) || run.equals(inFlight.get(run.workflowId()))
        || missed.contains(run);
  }

  /** A failed run handed back by the backfill: queued here, no delivery of it running, waiting for retry or skip. */
  public boolean isReturned(RunRef run) {
    return failed.containsKey(run.key()) && pending.contains(run) && !run.equals(inFlight.get(run.workflowId()));
  }

  /**
   * Source workflows whose queued runs must not start now: those whose history a scope backfill delivers,
   * and those queued behind a returned failed run (their order holds until an operator retries or skips it).
   */
  @JsonIgnore
  public Set<String> heldWorkflows() {
    Set<String> held = new java.util.TreeSet<>(scopeBackfilling);
    for (RunRef run : pending) {
      if (failed.containsKey(run.key())) {
        held.add(run.workflowId());
      }
    }
    return held;
  }

  /** Puts runs handed back by the backfill before the queued runs of their workflows, keeping their order. */
  public void requeueFirst(List<RunRef> runs) {
    for (int i = runs.size() - 1; i >= 0; i--) {
      RunRef run = runs.get(i);
      if (pending.contains(run) || done.contains(run.key())) {
        continue;
      }
      int at = 0;
      while (at < pending.size() && !pending.get(at).workflowId().equals(run.workflowId())) {
        at++;
      }
      pending.add(at, run);
    }
  }

  /** The lifecycle phase, looking through DISABLED to the phase it paused. */
  @JsonIgnore
  public ConnectorStatus phase() {
    return status == ConnectorStatus.DISABLED ? resumeTo : status;
  }

  /** The backfill workflow was started and has not reported its last page yet. */
  @JsonIgnore
  public boolean isBackfilling() {
    return backfillStarted && (backfill == null || !backfill.finished());
  }

  /** Nothing queued, nothing in delivery. */
  @JsonIgnore
  public boolean isIdle() {
    return pending.isEmpty() && inFlight.isEmpty();
  }
}
