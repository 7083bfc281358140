package io.shareline.delta;

import io.delta.kernel.Snapshot;
import io.delta.kernel.engine.Engine;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One loaded version of a table (or its absence), for several reads that need no newer one: checking the
 * transaction ids of a batch's fifty jobs loads the snapshot once instead of fifty times.
 */
public final class PinnedSnapshot {
  private final Engine engine;
  private final Optional<Snapshot> snapshot;
  private final Map<String, Optional<Long>> transactions = new ConcurrentHashMap<>();

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
    return transactions.computeIfAbsent(appId, id -> snapshot.get().getLatestTransactionVersion(engine, id));
  }
}
