package io.shareline.delta;

import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.actions.SetTransaction;
import io.delta.kernel.internal.replay.ActionsIterator;
import io.delta.kernel.internal.replay.LogReplay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One loaded version of a table (or its absence), for several reads that need no newer one. Its
 * transaction ids are read in ONE pass over the log (checkpoint and the commits after it): Kernel's own
 * lookup replays the log for every id asked, and a batch asks about each of its fifty jobs.
 */
public final class PinnedSnapshot {
  private final Engine engine;
  private final Optional<Snapshot> snapshot;
  private Map<String, Long> transactions;

  PinnedSnapshot(Engine engine, Optional<Snapshot> snapshot) {
    this.engine = engine;
    this.snapshot = snapshot;
  }

  public boolean exists() {
    return snapshot.isPresent();
  }

  /** The version of transaction {@code appId} as of this snapshot; empty when absent, or the table is. */
  public Optional<Long> transactionVersion(String appId) {
    if (snapshot.isEmpty()) {
      return Optional.empty();
    }
    if (!(snapshot.get() instanceof SnapshotImpl)) {
      return snapshot.get().getLatestTransactionVersion(engine, appId);
    }
    return Optional.ofNullable(transactions().get(appId));
  }

  /** Every transaction id's latest version: the log read newest first, as Kernel reads it for one id. */
  private synchronized Map<String, Long> transactions() {
    if (transactions == null) {
      Map<String, Long> latest = new HashMap<>();
      SnapshotImpl impl = (SnapshotImpl) snapshot.orElseThrow();
      try (ActionsIterator actions = new ActionsIterator(engine, impl.getLogSegment().allLogFilesReversed(),
          LogReplay.SET_TRANSACTION_READ_SCHEMA, Optional.empty())) {
        while (actions.hasNext()) {
          ColumnVector txn = actions.next().getColumnarBatch().getColumnVector(0);
          for (int row = 0; row < txn.getSize(); row++) {
            if (!txn.isNullAt(row)) {
              SetTransaction set = SetTransaction.fromColumnVector(txn, row);
              latest.putIfAbsent(set.getAppId(), set.getVersion());
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      transactions = latest;
    }
    return transactions;
  }
}
