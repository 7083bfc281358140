package io.shareline.delivery;

import io.shareline.common.Failures;
import io.shareline.delivery.StageResults.BatchLoaded;
import io.shareline.delivery.StageResults.BatchVerified;
import io.shareline.delivery.StageResults.Published;
import io.shareline.delivery.StageResults.Shared;
import io.shareline.lakehouse.BatchLoads;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.provider.ShareProvider;
import io.shareline.source.RunSource;
import io.shareline.source.WorkflowInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch stages of a backfill over the same lakehouse and providers as {@link DeliveryActivitiesImpl}:
 * one version-table commit ({@link BatchLoads}), one {@code workflow_runs} commit, one share check and
 * one row-count scan for many runs, each still keyed per job.
 */
public final class BatchDeliveryActivitiesImpl implements BatchDeliveryActivities {
  private final DeliveryActivitiesImpl single;

  public BatchDeliveryActivitiesImpl(DeliveryActivitiesImpl single) {
    this.single = single;
  }

  @Override
  public BatchLoaded loadBatch(StagedBatch batch) {
    return single.runner.run(batch, DeliveryStage.LOAD, () -> {
      SchemaVersion version = batch.version();
      String path = versionPath(batch);
      for (StagedRun run : batch.runs()) {
        if (!single.versions.isLoaded(path, run.run().jobId())) {
          single.requireStaged(run);
        }
      }
      BatchLoads.BatchLoaded result = single.versions.loadBatch(path, batch.runs());
      if (single.versions.latestVersion(batch.connectorId(), version.workflowId()) == version.version()) {
        single.versions.syncLatest(batch.connectorId(), version.workflowId(), version.version());
      }
      return new BatchLoaded(version.tableName(), result.tableVersion(), result.loadedJobs(), result.skippedJobs());
    });
  }

  @Override
  public Published publishBatch(StagedBatch batch) {
    return single.runner.run(batch, DeliveryStage.PUBLISH, () -> {
      String connectorId = batch.connectorId();
      SchemaVersion version = batch.version();
      String workflowId = version.workflowId();
      Map<String, String> locations = new LinkedHashMap<>();
      locations.put(version.tableName(), versionPath(batch));
      for (String table : MetadataTables.ALL) {
        locations.put(table, single.metadata.path(connectorId, table));
      }
      single.providers.of(batch.connector()).registerTables(batch.connector(), locations);
      List<MetadataTables.RunRow> rows = batch.runs().stream().map(run -> new MetadataTables.RunRow(run.run().jobId(),
          workflowId, version.version(), version.tableName(), run.rowCount(), run.nulledByField(),
          run.times().startedAt(), run.times().finishedAt(), run.times().stagedAt())).toList();
      int recorded = single.metadata.recordRuns(connectorId, rows);
      StagedRun newest = batch.runs().stream().max(Comparator.comparing(r -> r.times().finishedAt())).orElseThrow();
      WorkflowInfo workflow = new RunSource(single.lakehouse.conf(), batch.connector().sourceUri()).readWorkflow(workflowId);
      single.metadata.upsertWorkflow(connectorId, new MetadataTables.WorkflowRow(workflowId, workflow.name(),
          workflow.team(), version.latestVersion(), Lakehouse.latestTable(workflowId), newest.run().jobId(),
          newest.times().finishedAt()));
      return new Published(List.copyOf(locations.keySet()), recorded > 0);
    });
  }

  @Override
  public Shared shareBatch(StagedBatch batch) {
    return single.runner.run(batch, DeliveryStage.SHARE, () -> {
      ShareProvider provider = single.providers.of(batch.connector());
      List<String> wanted = new ArrayList<>(MetadataTables.ALL);
      wanted.add(batch.version().tableName());
      List<String> shared = provider.addToShare(batch.connector(), wanted);
      return new Shared(provider.view(batch.connector()).share(), shared);
    });
  }

  @Override
  public BatchVerified verifyBatch(StagedBatch batch) {
    return single.runner.run(batch, DeliveryStage.VERIFY, () -> {
      SchemaVersion version = batch.version();
      String path = versionPath(batch);
      Map<String, Long> jobRows = single.versions.jobRows(path, batch.runs());
      for (StagedRun run : batch.runs()) {
        long rows = jobRows.getOrDefault(run.run().jobId(), 0L);
        if (rows != run.rowCount()) {
          throw Failures.VERIFY_MISMATCH.failure(version.tableName() + " holds " + rows + " rows of job "
              + run.run().jobId() + ", expected " + run.rowCount());
        }
      }
      DeliveryRequest request = new DeliveryRequest(batch.connector(), batch.runs().get(0).run(), true);
      ShareProvider provider = single.providers.of(batch.connector());
      DeliveryActivitiesImpl.requireVisible(provider.view(batch.connector()), version.tableName());
      long tableRows = single.tables.info(path).rowCount();
      String proof = single.prove(request, provider, version.tableName(), path);
      boolean latest = version.version() == version.latestVersion() && single.promoteLatest(request, version);
      ShareProvider.ShareView view = provider.view(batch.connector());
      for (StagedRun run : batch.runs()) {
        if (!batch.connector().delivery().keepStaging()) {
          single.clear(run.stagingPath());
        }
        long bytes = run.files().stream().mapToLong(StagedRun.StagedFile::size).sum();
        single.runner.metrics().runVerified(batch.connectorId(), run.rowCount(), bytes,
            Duration.between(run.times().finishedAt(), Instant.now()));
      }
      return new BatchVerified(jobRows, tableRows, latest, List.copyOf(view.tables().keySet()), proof);
    }, BatchVerified::proof);
  }

  private String versionPath(StagedBatch batch) {
    SchemaVersion version = batch.version();
    return single.versions.versionPath(batch.connectorId(), version.workflowId(), version.version());
  }
}
