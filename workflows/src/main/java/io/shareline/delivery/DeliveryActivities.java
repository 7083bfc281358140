package io.shareline.delivery;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The six delivery stages, one set for every delivery: STAGE and SCHEMA per run (for a batch of several,
 * one activity goes through its runs), LOAD..VERIFY once for a batch of consecutive runs of one workflow
 * and schema version (a live run is a batch of one). Each is
 * idempotent, keyed by connector + job + stage and never by attempt, so Temporal may retry any of them
 * after a crash at any point; each records its attempt in the ledger for every job it handles.
 */
@ActivityInterface
public interface DeliveryActivities {

  /** Reads the run, drops private fields, casts, validates and writes staged Parquet. */
  @ActivityMethod(name = "Stage")
  StagedRun stage(DeliveryRequest request);

  /** Fingerprints the public schema and creates the version table and its metadata rows if new. */
  @ActivityMethod(name = "Schema")
  SchemaVersion schema(DeliveryRequest request, StagedRun staged);

  /**
   * STAGE of several runs of one workflow in job order, one ledger write for all: each run as {@link #stage}.
   * The first run's failure fails the activity (retried by the stage's policy); a later run's failure ends
   * it with the runs staged before it and that failure, so the caller can go on from there.
   */
  @ActivityMethod(name = "StageRuns")
  StageResults.RunsStaged stageRuns(BatchRequest batch);

  /** SCHEMA of several staged runs of one workflow, as {@link #schema} for each, failures as in {@link #stageRuns}. */
  @ActivityMethod(name = "SchemaRuns")
  StageResults.SchemasDecided schemaRuns(BatchRequest batch, List<StagedRun> staged);

  /** Appends the staged runs to their version table as one commit (and {@code __latest}), each job once. */
  @ActivityMethod(name = "LoadBatch")
  StageResults.BatchLoaded load(StagedBatch batch);

  /** Registers the tables and records every run of the batch in {@code workflow_runs} in one commit. */
  @ActivityMethod(name = "PublishBatch")
  StageResults.Published publish(StagedBatch batch);

  /** Adds the tables to the connector's share and ensures the recipient's grant, once for the batch. */
  @ActivityMethod(name = "ShareBatch")
  StageResults.Shared share(StagedBatch batch);

  /** Proves every run of the batch is shared (its row count per job), then moves {@code __latest} if due. */
  @ActivityMethod(name = "VerifyBatch")
  StageResults.BatchVerified verify(StagedBatch batch);
}
