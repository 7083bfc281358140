package io.shareline.delivery.stages;

import io.shareline.common.Failures;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.connector.spec.DeliverySettings;
import io.shareline.delivery.BatchRequest;
import io.shareline.delivery.DeliveryActivities;
import io.shareline.delivery.DeliveryRequest;
import io.shareline.delivery.DeliveryStage;
import io.shareline.delivery.RunRef;
import io.shareline.delivery.SchemaVersion;
import io.shareline.delivery.StageResults.BatchLoaded;
import io.shareline.delivery.StageResults.BatchVerified;
import io.shareline.delivery.StageResults.Published;
import io.shareline.delivery.StageResults.RunsStaged;
import io.shareline.delivery.StageResults.SchemasDecided;
import io.shareline.delivery.StageResults.Shared;
import io.shareline.delivery.StagedBatch;
import io.shareline.delivery.StagedRun;
import io.shareline.delta.AppendResult;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.WrittenFile;
import io.shareline.lakehouse.BatchLoads;
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
import io.shareline.stage.StageRunner;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * The six delivery stages over the source, the lakehouse and the connector's share provider: STAGE and
 * SCHEMA per run, LOAD..VERIFY once for a batch of runs (one version-table commit, one
 * {@code workflow_runs} commit, one share check, one row-count scan), each still keyed per job.
 */
public final class DeliveryActivitiesImpl implements DeliveryActivities {
  private static final int ROWS_PER_BATCH = 8_192;

  private final Lakehouse lakehouse;
  private final DeltaTables tables;
  private final VersionTables versions;
  private final MetadataTables metadata;
  private final SchemaRegistry registry;
  private final ShareProviders providers;
  private final SharedProof proofs;
  /** Package-private: the per-run stage types ({@link RunStageActivitiesImpl}) record their attempts through it. */
  final StageRunner runner;

  public DeliveryActivitiesImpl(Lakehouse lakehouse, DeltaTables tables, ShareProviders providers, StageRunner runner) {
    this.lakehouse = lakehouse;
    this.tables = tables;
    this.versions = new VersionTables(lakehouse, tables);
    this.metadata = new MetadataTables(lakehouse, tables);
    this.registry = new SchemaRegistry(lakehouse);
    this.providers = providers;
    this.proofs = new SharedProof(tables, versions, providers);
    this.runner = runner;
  }

  @Override
  public StagedRun stage(DeliveryRequest request) {
    return runner.run(request, DeliveryStage.STAGE, () -> stageRun(request));
  }

  /** STAGE of several runs in one activity: each as {@link #stage}, one ledger write for them all. */
  @Override
  public RunsStaged stageRuns(BatchRequest batch) {
    StageRunner.Each<StagedRun> each = runner.runEach(batch.connectorId(), batch.runs().get(0).workflowId(),
        DeliveryStage.STAGE, batch.runs(), run -> run, run -> stageRun(batch.request(run)));
    return new RunsStaged(each.done(), each.failed());
  }

  private StagedRun stageRun(DeliveryRequest request) throws IOException {
    RunRef run = request.run();
    StagingNames names = StagingNames.parse(request.connector().delivery().stagingFileName());
    RunSource source = new RunSource(lakehouse.conf(), request.connector().sourceUri());
    RunInfo info = source.readRun(run.workflowId(), run.jobId());
    info.requireFinished();
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
    return runner.run(request, DeliveryStage.SCHEMA, () -> schemaOf(request, staged));
  }

  /**
   * SCHEMA of several staged runs in one activity: each as {@link #schema}, one ledger write for them all;
   * a fingerprint decided for an earlier run of the batch is not looked up again.
   */
  @Override
  public SchemasDecided schemaRuns(BatchRequest batch, List<StagedRun> staged) {
    Map<String, SchemaVersion> decided = new HashMap<>();
    StageRunner.Each<SchemaVersion> each = runner.runEach(batch.connectorId(), batch.runs().get(0).workflowId(),
        DeliveryStage.SCHEMA, staged, StagedRun::run, run -> {
          SchemaVersion known = decided.get(run.fingerprint());
          if (known == null) {
            known = schemaOf(batch.request(run.run()), run);
            decided.put(run.fingerprint(), known);
          }
          return known;
        });
    return new SchemasDecided(each.done(), each.failed());
  }

  private SchemaVersion schemaOf(DeliveryRequest request, StagedRun staged) throws IOException {
    String workflowId = staged.run().workflowId();
    SchemaRegistry.Entry entry = registry.resolve(request.connectorId(), workflowId, staged.fingerprint(), staged.fields());
    versions.createVersionTable(request.connectorId(), staged, entry.version());
    metadata.recordSchemaVersion(request.connectorId(), workflowId, entry,
        f -> request.connector().delivery().policyFor(workflowId, f.sourceName()).name());
    return new SchemaVersion(workflowId, entry.version(), entry.fingerprint(),
        Lakehouse.versionTable(workflowId, entry.version()),
        registry.newestVersion(request.connectorId(), workflowId));
  }

  /**
   * A batch of one commits its staged files as they are, under the job's own transaction id; several runs
   * are merged into fewer, larger files under one batch transaction ({@link BatchLoads}). Either way each
   * job is loaded once.
   */
  @Override
  public BatchLoaded load(StagedBatch batch) {
    return runner.run(batch, DeliveryStage.LOAD, () -> {
      SchemaVersion version = batch.version();
      String path = versionPath(batch);
      for (StagedRun run : versions.notLoaded(path, batch.runs())) {
        requireStaged(run);
      }
      BatchLoaded loaded;
      if (batch.runs().size() == 1) {
        AppendResult result = versions.loadJob(path, batch.runs().get(0));
        List<String> job = batch.jobIds();
        loaded = new BatchLoaded(version.tableName(), result.version(), result.alreadyApplied() ? List.of() : job,
            result.alreadyApplied() ? job : List.of());
      } else {
        BatchLoads.BatchLoaded result = versions.loadBatch(path, batch.runs());
        loaded = new BatchLoaded(version.tableName(), result.tableVersion(), result.loadedJobs(), result.skippedJobs());
      }
      providers.of(batch.connector()).load(batch);
      if (versions.latestVersion(batch.connectorId(), version.workflowId()) == version.version()) {
        versions.syncLatest(batch.connectorId(), version.workflowId(), version.version());
      }
      return loaded;
    });
  }

  /** Registers the tables and records the batch's runs in {@code workflow_runs}: one commit for all of them. */
  @Override
  public Published publish(StagedBatch batch) {
    return runner.run(batch, DeliveryStage.PUBLISH, () -> {
      String connectorId = batch.connectorId();
      SchemaVersion version = batch.version();
      String workflowId = version.workflowId();
      Map<String, String> locations = new LinkedHashMap<>();
      locations.put(version.tableName(), versionPath(batch));
      for (String table : MetadataTables.ALL) {
        locations.put(table, metadata.path(connectorId, table));
      }
      ShareProvider provider = providers.of(batch.connector());
      provider.registerTables(batch.connector(), locations);
      List<MetadataTables.RunRow> rows = batch.runs().stream().map(run -> new MetadataTables.RunRow(run.run().jobId(),
          workflowId, version.version(), version.tableName(), run.rowCount(), run.nulledByField(),
          run.times().startedAt(), run.times().finishedAt(), run.times().stagedAt())).toList();
      boolean recorded = rows.size() == 1 ? metadata.recordRun(connectorId, rows.get(0))
          : metadata.recordRuns(connectorId, rows) > 0;
      provider.publish(batch, rows);
      StagedRun newest = batch.runs().stream().max(Comparator.comparing(r -> r.times().finishedAt())).orElseThrow();
      WorkflowInfo workflow = new RunSource(lakehouse.conf(), batch.connector().sourceUri()).readWorkflow(workflowId);
      metadata.upsertWorkflow(connectorId, new MetadataTables.WorkflowRow(workflowId, workflow.name(), workflow.team(),
          version.latestVersion(), Lakehouse.latestTable(workflowId), newest.run().jobId(), newest.times().finishedAt()));
      return new Published(List.copyOf(locations.keySet()), recorded);
    });
  }

  @Override
  public Shared share(StagedBatch batch) {
    return runner.run(batch, DeliveryStage.SHARE, () -> addToShare(batch.connector(), batch.version()));
  }

  /** Adds the metadata tables and the version table to the connector's share and ensures the recipient's grant. */
  Shared addToShare(ConnectorSpec connector, SchemaVersion version) {
    ShareProvider provider = providers.of(connector);
    List<String> wanted = new ArrayList<>(MetadataTables.ALL);
    wanted.add(version.tableName());
    List<String> shared = provider.addToShare(connector, wanted);
    return new Shared(provider.view(connector).share(), shared);
  }

  /** Proves every run of the batch is shared (rows per job, from one scan), then moves {@code __latest} if due. */
  @Override
  public BatchVerified verify(StagedBatch batch) {
    return runner.run(batch, DeliveryStage.VERIFY, () -> {
      SchemaVersion version = batch.version();
      String path = versionPath(batch);
      Map<String, Long> jobRows = versions.jobRows(path, batch.runs());
      for (StagedRun run : batch.runs()) {
        long rows = jobRows.getOrDefault(run.run().jobId(), 0L);
        if (rows != run.rowCount()) {
          throw Failures.VERIFY_MISMATCH.failure(version.tableName() + " holds " + rows + " rows of job "
              + run.run().jobId() + ", expected " + run.rowCount());
        }
      }
      ShareProvider provider = providers.of(batch.connector());
      SharedProof.requireVisible(provider.view(batch.connector()), version.tableName());
      long tableRows = tables.info(path).rowCount();
      String proof = proofs.prove(batch.connector(), provider, version.tableName(), path);
      provider.verify(batch);
      boolean latest = version.version() == version.latestVersion() && proofs.promoteLatest(batch.connector(), version);
      ShareProvider.ShareView view = provider.view(batch.connector());
      for (StagedRun run : batch.runs()) {
        if (!batch.connector().delivery().keepStaging()) {
          clear(run.stagingPath());
        }
        long bytes = run.files().stream().mapToLong(StagedRun.StagedFile::size).sum();
        runner.metrics().runVerified(batch.connectorId(), run.rowCount(), bytes,
            Duration.between(run.times().finishedAt(), Instant.now()));
      }
      return new BatchVerified(jobRows, tableRows, latest, List.copyOf(view.tables().keySet()), proof);
    }, BatchVerified::proof);
  }

  private String versionPath(StagedBatch batch) {
    return versions.versionPath(batch.connectorId(), batch.version().workflowId(), batch.version().version());
  }

  private static List<StagedRows.CastField> castFields(DeliveryRequest request, List<PublicField> fields) {
    DeliverySettings settings = request.connector().delivery();
    return fields.stream()
        .map(f -> new StagedRows.CastField(f, settings.policyFor(request.run().workflowId(), f.sourceName())))
        .toList();
  }

  private void requireStaged(StagedRun staged) throws IOException {
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
