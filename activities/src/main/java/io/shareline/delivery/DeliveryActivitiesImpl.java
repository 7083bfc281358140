package io.shareline.delivery;

import io.shareline.activities.StageRunner;
import io.shareline.common.Failures;
import io.shareline.connector.DeliverySettings;
import io.shareline.delivery.StageResults.Loaded;
import io.shareline.delivery.StageResults.Published;
import io.shareline.delivery.StageResults.Shared;
import io.shareline.delivery.StageResults.Verified;
import io.shareline.delta.AppendResult;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.WrittenFile;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.lakehouse.SchemaRegistry;
import io.shareline.lakehouse.StagingNames;
import io.shareline.lakehouse.VersionTables;
import io.shareline.provider.ShareProvider;
import io.shareline.provider.ShareProviders;
import io.shareline.schema.PublicField;
import io.shareline.source.PublicSchema;
import io.shareline.source.RowStream;
import io.shareline.source.RunInfo;
import io.shareline.source.RunSource;
import io.shareline.source.WorkflowInfo;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/** The six delivery stages over the source, the lakehouse and the connector's share provider. */
public final class DeliveryActivitiesImpl implements DeliveryActivities {
  private static final int ROWS_PER_BATCH = 8_192;

  // Package-private: the batch stages (BatchDeliveryActivitiesImpl) work over the same lakehouse and providers.
  final Lakehouse lakehouse;
  final DeltaTables tables;
  final VersionTables versions;
  final MetadataTables metadata;
  private final SchemaRegistry registry;
  final ShareProviders providers;
  final StageRunner runner;

  public DeliveryActivitiesImpl(Lakehouse lakehouse, DeltaTables tables, ShareProviders providers, StageRunner runner) {
    this.lakehouse = lakehouse;
    this.tables = tables;
    this.versions = new VersionTables(lakehouse, tables);
    this.metadata = new MetadataTables(lakehouse, tables);
    this.registry = new SchemaRegistry(lakehouse);
    this.providers = providers;
    this.runner = runner;
  }

  @Override
  public StagedRun stage(DeliveryRequest request) {
    return runner.run(request, DeliveryStage.STAGE, () -> {
      RunRef run = request.run();
      StagingNames names = StagingNames.parse(request.connector().delivery().stagingFileName());
      RunSource source = new RunSource(lakehouse.conf(), request.connector().sourceUri());
      RunInfo info = source.readRun(run.workflowId(), run.jobId());
      requireFinished(info);
      Lakehouse.requireOwnTableNames(run.workflowId(), source.listWorkflowIds());
      // Columns a schema version already published keep their names; only new fields are named afresh.
      PublicSchema schema = PublicSchema.of(info.schema(), registry.recordedColumns(request.connectorId(), run.workflowId()));
      StagedRun.DeliveryColumns columns = new StagedRun.DeliveryColumns(
          schema.jobIdColumn(), schema.runFinishedAtColumn(), schema.deliveredAtColumn());
      Instant stagedAt = Instant.now();
      String staging = lakehouse.stagingPath(request.connectorId(), run.workflowId(), run.jobId());
      clear(staging);
      if (info.rowCount() == 0) {
        return stageEmpty(source, info, schema, columns, stagedAt, staging);
      }
      List<WrittenFile> written;
      StagedRows rows;
      try (RowStream stream = source.openRows(run.workflowId(), run.jobId())) {
        rows = new StagedRows(stream, castFields(request, schema.fields()),
            new StagedRows.Stamp(run.jobId(), micros(info.finishedAt()), micros(stagedAt)));
        written = tables.writeParquet(staging, VersionTables.dataSchema(schema.fields(), columns), rows, ROWS_PER_BATCH,
            part -> names.fileName(run.workflowId(), run.jobId(), info.finishedAt(), part));
        stream.verifyRowCount(info.rowCount());
      }
      List<StagedRun.StagedFile> files = written.stream()
          .map(f -> new StagedRun.StagedFile(f.path(), f.size(), f.rowCount()))
          .toList();
      return new StagedRun(run, staging, files, info.rowCount(), schema.fingerprint(), schema.fields(), columns,
          new StagedRun.RunTimes(info.startedAt(), info.finishedAt(), stagedAt), rows.nulledByField());
    });
  }

  /**
   * A finished run that found nothing is still a run: no data file, only its version and its
   * {@code workflow_runs} row. Its rows file may be absent or hold no row; a row in it is a count mismatch.
   */
  private static StagedRun stageEmpty(RunSource source, RunInfo info, PublicSchema schema,
      StagedRun.DeliveryColumns columns, Instant stagedAt, String staging) {
    RunRef run = new RunRef(info.workflowId(), info.jobId());
    if (source.rowsFileBytes(run.workflowId(), run.jobId()).isPresent()) {
      try (RowStream stream = source.openRows(run.workflowId(), run.jobId())) {
        while (stream.hasNext()) {
          stream.next();
        }
        stream.verifyRowCount(0);
      }
    }
    return new StagedRun(run, staging, List.of(), 0, schema.fingerprint(), schema.fields(), columns,
        new StagedRun.RunTimes(info.startedAt(), info.finishedAt(), stagedAt), Map.of());
  }

  @Override
  public SchemaVersion schema(DeliveryRequest request, StagedRun staged) {
    return runner.run(request, DeliveryStage.SCHEMA, () -> {
      String workflowId = staged.run().workflowId();
      SchemaRegistry.Entry entry = registry.resolve(request.connectorId(), workflowId, staged.fingerprint(), staged.fields());
      versions.createVersionTable(request.connectorId(), staged, entry.version());
      metadata.recordSchemaVersion(request.connectorId(), workflowId, entry,
          f -> request.connector().delivery().policyFor(workflowId, f.sourceName()).name());
      return new SchemaVersion(workflowId, entry.version(), entry.fingerprint(),
          Lakehouse.versionTable(workflowId, entry.version()),
          registry.newestVersion(request.connectorId(), workflowId));
    });
  }

  @Override
  public Loaded load(DeliveryRequest request, StagedRun staged, SchemaVersion version) {
    return runner.run(request, DeliveryStage.LOAD, () -> {
      String path = versions.versionPath(request.connectorId(), version.workflowId(), version.version());
      if (!versions.isLoaded(path, staged.run().jobId())) {
        requireStaged(staged);
      }
      AppendResult result = versions.loadJob(path, staged);
      if (versions.latestVersion(request.connectorId(), version.workflowId()) == version.version()) {
        versions.syncLatest(request.connectorId(), version.workflowId(), version.version());
      }
      return new Loaded(version.tableName(), result.version(), result.alreadyApplied() ? 0 : staged.rowCount(),
          result.alreadyApplied());
    });
  }

  @Override
  public Published publish(DeliveryRequest request, StagedRun staged, SchemaVersion version) {
    return runner.run(request, DeliveryStage.PUBLISH, () -> {
      String connectorId = request.connectorId();
      String workflowId = version.workflowId();
      Map<String, String> locations = new LinkedHashMap<>();
      locations.put(version.tableName(), versions.versionPath(connectorId, workflowId, version.version()));
      for (String table : MetadataTables.ALL) {
        locations.put(table, metadata.path(connectorId, table));
      }
      providers.of(request.connector()).registerTables(request.connector(), locations);
      boolean recorded = metadata.recordRun(connectorId, new MetadataTables.RunRow(staged.run().jobId(), workflowId,
          version.version(), version.tableName(), staged.rowCount(), staged.nulledByField(),
          staged.times().startedAt(), staged.times().finishedAt(), staged.times().stagedAt()));
      WorkflowInfo workflow = new RunSource(lakehouse.conf(), request.connector().sourceUri()).readWorkflow(workflowId);
      metadata.upsertWorkflow(connectorId, new MetadataTables.WorkflowRow(workflowId, workflow.name(), workflow.team(),
          version.latestVersion(), Lakehouse.latestTable(workflowId), staged.run().jobId(), staged.times().finishedAt()));
      return new Published(List.copyOf(locations.keySet()), recorded);
    });
  }

  @Override
  public Shared share(DeliveryRequest request, SchemaVersion version) {
    return runner.run(request, DeliveryStage.SHARE, () -> {
      ShareProvider provider = providers.of(request.connector());
      List<String> wanted = new ArrayList<>(MetadataTables.ALL);
      wanted.add(version.tableName());
      List<String> shared = provider.addToShare(request.connector(), wanted);
      return new Shared(provider.view(request.connector()).share(), shared);
    });
  }

  @Override
  public Verified verify(DeliveryRequest request, StagedRun staged, SchemaVersion version) {
    return runner.run(request, DeliveryStage.VERIFY, () -> {
      String connectorId = request.connectorId();
      String workflowId = version.workflowId();
      String path = versions.versionPath(connectorId, workflowId, version.version());
      long jobRows = versions.jobRows(path, staged);
      if (jobRows != staged.rowCount()) {
        throw Failures.VERIFY_MISMATCH.failure(version.tableName() + " holds " + jobRows + " rows of job "
            + staged.run().jobId() + ", expected " + staged.rowCount());
      }
      ShareProvider provider = providers.of(request.connector());
      requireVisible(provider.view(request.connector()), version.tableName());
      String proof = prove(request, provider, version.tableName(), path);
      boolean latest = false;
      if (version.version() == version.latestVersion()) {
        latest = promoteLatest(request, version);
      }
      ShareProvider.ShareView view = provider.view(request.connector());
      if (!request.connector().delivery().keepStaging()) {
        clear(staged.stagingPath());
      }
      long bytes = staged.files().stream().mapToLong(StagedRun.StagedFile::size).sum();
      runner.metrics().runVerified(connectorId, jobRows, bytes,
          Duration.between(staged.times().finishedAt(), Instant.now()));
      return new Verified(jobRows, tables.info(path).rowCount(), latest, List.copyOf(view.tables().keySet()), proof);
    }, Verified::proof);
  }

  /** {@code __latest} follows the newest version only once that version's table is loaded and verified. */
  boolean promoteLatest(DeliveryRequest request, SchemaVersion version) {
    String connectorId = request.connectorId();
    String workflowId = version.workflowId();
    if (!versions.syncLatest(connectorId, workflowId, version.version())) {
      return false;
    }
    String latestName = Lakehouse.latestTable(workflowId);
    String latestPath = versions.latestPath(connectorId, workflowId);
    long expected = tables.info(versions.versionPath(connectorId, workflowId, version.version())).rowCount();
    long actual = tables.info(latestPath).rowCount();
    if (actual != expected) {
      throw Failures.VERIFY_MISMATCH.failure(latestName + " holds " + actual + " rows, " + version.tableName()
          + " holds " + expected);
    }
    ShareProvider provider = providers.of(request.connector());
    provider.registerTables(request.connector(), Map.of(latestName, latestPath));
    provider.addToShare(request.connector(), List.of(latestName));
    requireVisible(provider.view(request.connector()), latestName);
    prove(request, provider, latestName, latestPath);
    return true;
  }

  /** The provider proves, apart from the lakehouse, that the recipient sees the table as it was committed. */
  String prove(DeliveryRequest request, ShareProvider provider, String table, String path) {
    io.shareline.delta.TableInfo info = tables.info(path);
    return provider.proveShared(request.connector(), new ShareProvider.ExpectedTable(table, info.version(),
        info.schema().fieldNames(), info.rowCount()));
  }

  private static List<StagedRows.CastField> castFields(DeliveryRequest request, List<PublicField> fields) {
    DeliverySettings settings = request.connector().delivery();
    return fields.stream()
        .map(f -> new StagedRows.CastField(f, settings.policyFor(request.run().workflowId(), f.sourceName())))
        .toList();
  }

  static void requireVisible(ShareProvider.ShareView view, String table) {
    if (!view.granted()) {
      throw Failures.PROVIDER_PERMISSION_DENIED.failure("recipient " + view.recipient() + " lost its grant on " + view.share());
    }
    if (!view.tables().containsKey(table)) {
      throw Failures.VERIFY_MISMATCH.failure(table + " is not visible in share " + view.share());
    }
  }

  private static void requireFinished(RunInfo info) {
    info.requireFinished();
  }

  void requireStaged(StagedRun staged) throws IOException {
    for (StagedRun.StagedFile file : staged.files()) {
      Path p = new Path(file.path());
      if (!p.getFileSystem(lakehouse.conf()).exists(p)) {
        throw Failures.STAGING_MISSING.failure("staged file of " + staged.run().key() + " is gone: " + p.getName()
            + "; retry the delivery from STAGE");
      }
    }
  }

  void clear(String location) throws IOException {
    Path path = new Path(location);
    path.getFileSystem(lakehouse.conf()).delete(path, true);
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }
}
