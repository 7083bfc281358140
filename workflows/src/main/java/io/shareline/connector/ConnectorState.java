package io.shareline.connector;

import io.shareline.delivery.RunRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole state of a connector: what the {@code state} query returns and what continue-as-new
 * carries. Mutable on purpose, and only ever touched from workflow code.
 */
public class ConnectorState {
  public ConnectorSpec spec;
  public ConnectorStatus status = ConnectorStatus.PROVISIONING;
  public Provisioned provisioned;
  /** Live runs received and not yet delivered, in arrival order. */
  public List<RunRef> pending = new ArrayList<>();
  /** Historical runs still to deliver, oldest first. */
  public List<RunRef> backfill = new ArrayList<>();
  public int backfillTotal;
  /** Keys ({@code workflow/job}) of runs delivered or skipped: never delivered twice. */
  public Set<String> done = new LinkedHashSet<>();
  public RunRef current;
  public long runsDelivered;
  public long rowsDelivered;
  public List<String> skipped = new ArrayList<>();
  /** Runs whose delivery workflow ended abnormally (terminated, timed out): not delivered, to re-deliver. */
  public List<String> abandoned = new ArrayList<>();
  public String lastFailure;

  public ConnectorState() {}

  public ConnectorState(ConnectorSpec spec) {
    this.spec = spec;
  }

  public boolean isKnown(RunRef run) {
    return done.contains(run.key()) || pending.contains(run) || run.equals(current);
  }
}
