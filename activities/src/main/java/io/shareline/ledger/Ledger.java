package io.shareline.ledger;

import io.shareline.delta.DeltaTables;
import io.shareline.lakehouse.Lakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The delivery ledger: every stage attempt (start, end, outcome, failure type) of a connector's
 * deliveries, in an internal Delta table per connector at {@code internal/<connector>/ledger} (never
 * shared, no server of its own). A write is one blind append, so a batch's stage records all its runs in
 * one commit, and any number of worker processes write at once: Delta's optimistic concurrency rebases a
 * commit that lost the race onto the winner (see {@link DeltaTables#appendBlind}). An attempt is written
 * when it starts (RUNNING) and again when it ends; a read returns each attempt's latest state. A ledger an
 * earlier release kept as one JSON document per attempt is imported the first time a process uses it.
 */
public final class Ledger {

  /** One attempt of one stage. {@code outcome} is RUNNING, SUCCEEDED or FAILED. */
  public record Attempt(String connectorId, String workflowId, String jobId, String stage, int attempt,
      Instant startedAt, Instant endedAt, String outcome, String failureType, String message) {}

  /** Which attempts of a connector to read: a null workflow, job, stage or outcome matches any. */
  public record Query(String connectorId, String workflowId, String jobId, String stage, String outcome) {
    public Query {
      Objects.requireNonNull(connectorId, "connectorId");
    }

    public static Query connector(String connectorId) {
      return new Query(connectorId, null, null, null, null);
    }

    boolean matches(Attempt a) {
      return matches(workflowId, a.workflowId()) && matches(jobId, a.jobId()) && matches(stage, a.stage())
          && matches(outcome, a.outcome());
    }

    private static boolean matches(String wanted, String value) {
      return wanted == null || wanted.equals(value);
    }
  }

  /** Each run's attempts in start order, runs by workflow and job. */
  private static final Comparator<Attempt> ORDER = Comparator.comparing(Attempt::workflowId)
      .thenComparing(Attempt::jobId).thenComparing(Attempt::startedAt).thenComparingInt(Attempt::attempt)
      .thenComparing(Attempt::stage);

  private final Lakehouse lakehouse;
  private final LedgerTable table;
  private final LegacyLedgerFiles legacy;
  /** Connectors whose table this process has seen, legacy documents imported: no check needed again. */
  private final Set<String> open = ConcurrentHashMap.newKeySet();
  private final Map<String, GroupCommit> writers = new ConcurrentHashMap<>();

  /** A ledger with its own Delta engine (a command or a test); a worker shares its {@link DeltaTables}. */
  public Ledger(Lakehouse lakehouse) {
    this(lakehouse, new DeltaTables(lakehouse.conf()));
  }

  public Ledger(Lakehouse lakehouse, DeltaTables tables) {
    this.lakehouse = lakehouse;
    this.table = new LedgerTable(tables);
    this.legacy = new LegacyLedgerFiles(lakehouse.conf());
  }

  public void write(Attempt attempt) {
    write(List.of(attempt));
  }

  /**
   * Records the attempts in one commit per connector: a batch's stage, all its runs at once (with what
   * other threads write to that ledger meanwhile: {@link GroupCommit}).
   */
  public void write(List<Attempt> attempts) {
    Map<String, List<Attempt>> byConnector = attempts.stream()
        .collect(Collectors.groupingBy(Attempt::connectorId, LinkedHashMap::new, Collectors.toList()));
    byConnector.forEach((connectorId, some) -> {
      open(connectorId, true);
      writers.computeIfAbsent(connectorId, c -> new GroupCommit(rows -> table.append(path(c), rows))).write(some);
    });
  }

  /** Every recorded attempt of a run, in start order. */
  public List<Attempt> attempts(String connectorId, String workflowId, String jobId) {
    return find(new Query(connectorId, workflowId, jobId, null, null));
  }

  /** Every recorded attempt of a connector, by workflow and job, each run's attempts in start order. */
  public List<Attempt> all(String connectorId) {
    return find(Query.connector(connectorId));
  }

  /** The attempts the query matches (by their latest state), by workflow and job, each run's in start order. */
  public List<Attempt> find(Query query) {
    if (!open(query.connectorId(), false)) {
      return List.of();
    }
    List<Attempt> found = new ArrayList<>();
    for (Attempt a : latestStates(table.read(path(query.connectorId()), query))) {
      if (query.matches(a)) {
        found.add(a);
      }
    }
    found.sort(ORDER);
    return found;
  }

  /**
   * An attempt's end row overrides its RUNNING row; rows written twice (a write retried after its commit
   * landed, a legacy import repeated after a crash) count once.
   */
  private static List<Attempt> latestStates(List<Attempt> rows) {
    Map<List<Object>, Attempt> byAttempt = new LinkedHashMap<>();
    for (Attempt a : rows) {
      byAttempt.merge(List.of(a.workflowId(), a.jobId(), a.stage(), a.attempt(), a.startedAt()), a,
          (earlier, later) -> earlier.endedAt() == null ? later : earlier);
    }
    return new ArrayList<>(byAttempt.values());
  }

  /**
   * True once the connector's table exists, legacy documents imported first; creates the table only when
   * {@code create} (a read of a connector that never recorded anything leaves no trace).
   */
  private boolean open(String connectorId, boolean create) {
    if (open.contains(connectorId)) {
      return true;
    }
    String path = path(connectorId);
    try {
      LegacyLedgerFiles.Found old = legacy.find(path);
      if (!create && old.isEmpty() && !table.exists(path)) {
        return false;
      }
      table.create(path);
      if (!old.attempts().isEmpty()) {
        table.append(path, old.attempts());
      }
      legacy.remove(old);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    open.add(connectorId);
    return true;
  }

  private String path(String connectorId) {
    return lakehouse.internalPath(connectorId, "ledger");
  }
}
