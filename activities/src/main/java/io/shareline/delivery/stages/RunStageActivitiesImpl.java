package io.shareline.delivery.stages;

import io.shareline.delivery.DeliveryRequest;
import io.shareline.delivery.DeliveryStage;
import io.shareline.delivery.RunStageActivities;
import io.shareline.delivery.SchemaVersion;
import io.shareline.delivery.StageResults;
import io.shareline.delivery.StagedBatch;
import io.shareline.delivery.StagedRun;
import io.shareline.delivery.StageResults.BatchLoaded;
import io.shareline.delivery.StageResults.BatchVerified;
import java.util.List;

/**
 * The per-run LOAD..VERIFY activity types of deliveries recorded before every delivery became a batch,
 * as batches of one over {@link DeliveryActivitiesImpl}: same bodies, same ledger records.
 */
public final class RunStageActivitiesImpl implements RunStageActivities {
  private final DeliveryActivitiesImpl delivery;

  public RunStageActivitiesImpl(DeliveryActivitiesImpl delivery) {
    this.delivery = delivery;
  }

  @Override
  public StageResults.Loaded load(DeliveryRequest request, StagedRun staged, SchemaVersion version) {
    BatchLoaded loaded = delivery.load(alone(request, staged, version));
    boolean already = !loaded.alreadyLoadedJobs().isEmpty();
    return new StageResults.Loaded(loaded.table(), loaded.tableVersion(), already ? 0 : staged.rowCount(), already);
  }

  @Override
  public StageResults.Published publish(DeliveryRequest request, StagedRun staged, SchemaVersion version) {
    return delivery.publish(alone(request, staged, version));
  }

  @Override
  public StageResults.Shared share(DeliveryRequest request, SchemaVersion version) {
    return delivery.runner.run(request, DeliveryStage.SHARE, () -> delivery.addToShare(request.connector(), version));
  }

  @Override
  public StageResults.Verified verify(DeliveryRequest request, StagedRun staged, SchemaVersion version) {
    BatchVerified verified = delivery.verify(alone(request, staged, version));
    return new StageResults.Verified(verified.jobRows().getOrDefault(staged.run().jobId(), 0L),
        verified.versionTableRows(), verified.latestPromoted(), verified.visibleTables(), verified.proof());
  }

  private static StagedBatch alone(DeliveryRequest request, StagedRun staged, SchemaVersion version) {
    return new StagedBatch(request.connector(), version, List.of(staged));
  }
}
