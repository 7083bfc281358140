package io.shareline.delivery;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The six delivery stages (DESIGN §4). Each is idempotent, keyed by connector + run + stage and never
 * by attempt, so Temporal may retry any of them after a crash at any point.
 */
@ActivityInterface
public interface DeliveryActivities {

  /** Reads the run, drops private fields, casts, validates and writes staged Parquet. */
  @ActivityMethod(name = "Stage")
  StagedRun stage(DeliveryRequest request);

  /** Fingerprints the public schema and creates the version table and its metadata rows if new. */
  @ActivityMethod(name = "Schema")
  SchemaVersion schema(DeliveryRequest request, StagedRun staged);

  /** Appends the staged files to the version table (and {@code __latest}) under a transaction id. */
  @ActivityMethod(name = "Load")
  StageResults.Loaded load(DeliveryRequest request, StagedRun staged, SchemaVersion version);

  /** Registers the tables with the provider and records the run in the metadata tables. */
  @ActivityMethod(name = "Publish")
  StageResults.Published publish(DeliveryRequest request, StagedRun staged, SchemaVersion version);

  /** Adds the tables to the connector's share and ensures the recipient's grant. */
  @ActivityMethod(name = "Share")
  StageResults.Shared share(DeliveryRequest request, SchemaVersion version);

  /** Proves the run is shared: row counts, grants, visibility; then moves {@code __latest} if due. */
  @ActivityMethod(name = "Verify")
  StageResults.Verified verify(DeliveryRequest request, StagedRun staged, SchemaVersion version);
}
