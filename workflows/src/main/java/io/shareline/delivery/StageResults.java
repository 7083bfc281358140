package io.shareline.delivery;

import java.util.List;
import java.util.Map;

/** Results of the LOAD, PUBLISH, SHARE and VERIFY stages. */
public final class StageResults {
  private StageResults() {}

  /** @param alreadyApplied true when the table already held this job (a retry or a repeat) */
  public record Loaded(String table, long tableVersion, long rowsAdded, boolean alreadyApplied) {}

  public record Published(List<String> tables, boolean runRecorded) {}

  public record Shared(String share, List<String> tables) {}

  /**
   * The proof that a run is shared: counts seen in the tables, what the recipient can see, and how the
   * provider proved it (null in results recorded before providers named their proof).
   */
  public record Verified(long jobRowsInVersionTable, long versionTableRows, boolean latestPromoted,
      List<String> visibleTables, String proof) {
    public Verified(long jobRowsInVersionTable, long versionTableRows, boolean latestPromoted, List<String> visibleTables) {
      this(jobRowsInVersionTable, versionTableRows, latestPromoted, visibleTables, null);
    }
  }

  /**
   * A batch LOAD: the jobs its commit holds and those the table held already (loaded alone, by another
   * batch, or by an earlier attempt of this one).
   */
  public record BatchLoaded(String table, long tableVersion, List<String> loadedJobs, List<String> alreadyLoadedJobs) {}

  /** The proof that every run of a batch is shared: rows per job id seen in the version table. */
  public record BatchVerified(Map<String, Long> jobRows, long versionTableRows, boolean latestPromoted,
      List<String> visibleTables, String proof) {
    public BatchVerified(Map<String, Long> jobRows, long versionTableRows, boolean latestPromoted,
        List<String> visibleTables) {
      this(jobRows, versionTableRows, latestPromoted, visibleTables, null);
    }
  }

  /**
   * A run of several whose STAGE or SCHEMA failed within one activity for them all, after the runs before
   * it were done: its failure's stable type and message, and whether its type may succeed when tried again.
   */
  public record RunFailed(RunRef run, String type, String message, boolean retryable) {}

  /** STAGE of several runs: the runs staged, in job order, up to {@code failed} (null: all of them). */
  public record RunsStaged(List<StagedRun> staged, RunFailed failed) {
    public RunsStaged {
      staged = List.copyOf(staged);
    }
  }

  /** SCHEMA of several staged runs: each one's version, in job order, up to {@code failed} (null: all of them). */
  public record SchemasDecided(List<SchemaVersion> versions, RunFailed failed) {
    public SchemasDecided {
      versions = List.copyOf(versions);
    }
  }
}
