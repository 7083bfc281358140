package io.shareline.delivery;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The stages a backfill batch runs once for many runs (STAGE and SCHEMA stay per run). Idempotent,
 * keyed by connector + the batch's job ids + stage, never by attempt; each records its attempt in the
 * ledger for every job of the batch.
 */
@ActivityInterface
public interface BatchDeliveryActivities {

  /** Appends the staged runs to their version table as one commit (and {@code __latest}), each job once. */
  @ActivityMethod(name = "LoadBatch")
  StageResults.BatchLoaded loadBatch(StagedBatch batch);

  /** Registers the tables and records every run of the batch in {@code workflow_runs} in one commit. */
  @ActivityMethod(name = "PublishBatch")
  StageResults.Published publishBatch(StagedBatch batch);

  /** Adds the tables to the connector's share and ensures the recipient's grant, once for the batch. */
  @ActivityMethod(name = "ShareBatch")
  StageResults.Shared shareBatch(StagedBatch batch);

  /** Proves every run of the batch is shared (its row count per job), then moves {@code __latest} if due. */
  @ActivityMethod(name = "VerifyBatch")
  StageResults.BatchVerified verifyBatch(StagedBatch batch);
}
