package io.shareline.delivery;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * LOAD..VERIFY as the per-run activity types that {@link RunDeliveryWorkflow}s started before every
 * delivery became a batch still schedule (they replay without the {@code delivered-as-a-batch-of-one}
 * marker). Workers keep these types registered, as adapters over {@link DeliveryActivities}, so such a
 * delivery parked in FAILED still finishes after an operator's retry. Nothing new calls them.
 */
@ActivityInterface
public interface RunStageActivities {

  @ActivityMethod(name = "Load")
  StageResults.Loaded load(DeliveryRequest request, StagedRun staged, SchemaVersion version);

  @ActivityMethod(name = "Publish")
  StageResults.Published publish(DeliveryRequest request, StagedRun staged, SchemaVersion version);

  @ActivityMethod(name = "Share")
  StageResults.Shared share(DeliveryRequest request, SchemaVersion version);

  @ActivityMethod(name = "Verify")
  StageResults.Verified verify(DeliveryRequest request, StagedRun staged, SchemaVersion version);

  /** The per-run types seen through the batch stages, for the one stage loop: LOAD..VERIFY of a batch of one. */
  record AsBatchOfOne(RunStageActivities stages, boolean backfill, boolean underConnector) implements DeliveryActivities {

    @Override
    public StagedRun stage(DeliveryRequest request) {
      throw new UnsupportedOperationException("STAGE has one activity type");
    }

    @Override
    public SchemaVersion schema(DeliveryRequest request, StagedRun staged) {
      throw new UnsupportedOperationException("SCHEMA has one activity type");
    }

    @Override
    public StageResults.RunsStaged stageRuns(BatchRequest batch) {
      throw new UnsupportedOperationException("STAGE of several runs has one activity type");
    }

    @Override
    public StageResults.SchemasDecided schemaRuns(BatchRequest batch, List<StagedRun> staged) {
      throw new UnsupportedOperationException("SCHEMA of several runs has one activity type");
    }

    @Override
    public StageResults.BatchLoaded load(StagedBatch batch) {
      StageResults.Loaded loaded = stages.load(request(batch), run(batch), batch.version());
      List<String> job = batch.jobIds();
      return new StageResults.BatchLoaded(loaded.table(), loaded.tableVersion(),
          loaded.alreadyApplied() ? List.of() : job, loaded.alreadyApplied() ? job : List.of());
    }

    @Override
    public StageResults.Published publish(StagedBatch batch) {
      return stages.publish(request(batch), run(batch), batch.version());
    }

    @Override
    public StageResults.Shared share(StagedBatch batch) {
      return stages.share(request(batch), batch.version());
    }

    @Override
    public StageResults.BatchVerified verify(StagedBatch batch) {
      StageResults.Verified verified = stages.verify(request(batch), run(batch), batch.version());
      return new StageResults.BatchVerified(java.util.Map.of(run(batch).run().jobId(), verified.jobRowsInVersionTable()),
          verified.versionTableRows(), verified.latestPromoted(), verified.visibleTables(), verified.proof());
    }

    private static StagedRun run(StagedBatch batch) {
      return batch.runs().get(0);
    }

    private DeliveryRequest request(StagedBatch batch) {
      return new DeliveryRequest(batch.connector(), run(batch).run(), backfill, underConnector);
    }
  }
}
