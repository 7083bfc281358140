package io.shareline.connector.onboarding;

import io.shareline.backfill.BackfillActivities;
import io.shareline.backfill.BackfillPage;
import io.shareline.backfill.BackfillPageRequest;
import io.shareline.common.Failures;
import io.shareline.connector.BackfillPlan;
import io.shareline.connector.EmptyShareVerified;
import io.shareline.connector.OnboardingActivities;
import io.shareline.connector.Provisioned;
import io.shareline.connector.RevokeRequest;
import io.shareline.connector.Revoked;
import io.shareline.connector.RotateTokenRequest;
import io.shareline.connector.SchemaHistory;
import io.shareline.connector.TokenRotated;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.connector.spec.OrchestrationSettings;
import io.shareline.delivery.RunRef;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.lakehouse.SchemaRegistry;
import io.shareline.progress.Progress;
import io.shareline.provider.ShareProviders;
import io.shareline.source.RunInfo;
import io.shareline.source.RunSource;
import io.shareline.source.SourceException;
import io.shareline.stage.StageFailures;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Provisioning, the zero-data share check, the history's schema versions and pages, and revoking. */
public final class OnboardingActivitiesImpl implements OnboardingActivities, BackfillActivities {
  private static final Logger log = LoggerFactory.getLogger(OnboardingActivitiesImpl.class);

  private final Lakehouse lakehouse;
  private final MetadataTables metadata;
  private final SchemaRegistry registry;
  private final ShareProviders providers;
  /** Source and run key → finish time, of runs read finished: bounded, the least recently planned go first. */
  private final Map<String, Instant> finishedAt = Collections.synchronizedMap(new LinkedHashMap<>(1_024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
      return size() > 200_000;
    }
  });

  public OnboardingActivitiesImpl(Lakehouse lakehouse, MetadataTables metadata, ShareProviders providers) {
    this.lakehouse = lakehouse;
    this.metadata = metadata;
    this.registry = new SchemaRegistry(lakehouse);
    this.providers = providers;
  }

  @Override
  public Provisioned provision(ConnectorSpec spec) {
    try {
      requireSource(spec);
      String storagePath = lakehouse.storagePath(spec.connectorId());
      Path storage = new Path(storagePath);
      storage.getFileSystem(lakehouse.conf()).mkdirs(storage);
      metadata.createAll(spec.connectorId());
      return providers.of(spec).provision(spec, storagePath);
    } catch (Exception e) {
      throw StageFailures.classify(e);
    }
  }

  @Override
  public EmptyShareVerified verifyEmptyShare(ConnectorSpec spec) {
    try {
      EmptyShareVerified verified = providers.of(spec).verifyEmptyShare(spec, MetadataTables.ALL);
      if (verified.dataTables() > 0) {
        // A connector onboarded again over its own earlier tables: they stay, and loads are idempotent.
        log.info("share {} already holds {} data tables of connector {}", verified.share(), verified.dataTables(),
            spec.connectorId());
      }
      return verified;
    } catch (Exception e) {
      throw StageFailures.classify(e);
    }
  }

  @Override
  public BackfillPlan planBackfill(ConnectorSpec spec) {
    try {
      List<PlannedRun> planned = registered(spec);
      return new BackfillPlan(planned.stream().map(PlannedRun::run).toList(), schemaVersions(spec, planned));
    } catch (Exception e) {
      throw StageFailures.classify(e);
    }
  }

  @Override
  public SchemaHistory registerSchemaHistory(ConnectorSpec spec) {
    try {
      List<PlannedRun> planned = registered(spec);
      RunRef newest = planned.isEmpty() ? null : planned.get(planned.size() - 1).run();
      return new SchemaHistory(planned.size(), newest, schemaVersions(spec, planned));
    } catch (Exception e) {
      throw StageFailures.classify(e);
    }
  }

  /** Pages take runs from every workflow in turn ({@link HistoryPages}), so workflows backfill in parallel. */
  @Override
  public BackfillPage planBackfillPage(BackfillPageRequest request) {
    try {
      List<RunRef> ordered = orderedHistory(request.spec());
      if (request.spec().orchestration().backfillOrder() == OrchestrationSettings.BackfillOrder.NEWEST_FIRST) {
        Collections.reverse(ordered);
      }
      HistoryPages.Page page = HistoryPages.next(ordered, request.cursor(), request.pageSize());
      return new BackfillPage(page.runs(), page.nextCursor(), ordered.size(), inputBytes(request.spec(), page.runs()));
    } catch (Exception e) {
      throw StageFailures.classify(e);
    }
  }

  /** Each run's rows-file size, so the backfill can cut batches by bytes; a run that cannot be sized is left out (0). */
  private Map<String, Long> inputBytes(ConnectorSpec spec, List<RunRef> page) {
    RunSource source = new RunSource(lakehouse.conf(), spec.sourceUri());
    Map<String, Long> sizes = new HashMap<>();
    for (RunRef run : page) {
      try {
        source.rowsFileBytes(run.workflowId(), run.jobId()).ifPresent(bytes -> sizes.put(run.key(), bytes));
      } catch (SourceException | IllegalArgumentException e) {
        log.warn("run {} has no known size, it counts 0 bytes in its batch: {}", run.key(), e.getMessage());
      }
    }
    return sizes;
  }

  @Override
  public TokenRotated rotateToken(RotateTokenRequest request) {
    try {
      ConnectorSpec spec = request.spec();
      return providers.of(spec).rotateToken(spec, java.time.Duration.ofSeconds(request.existingTokenExpiresInSeconds()));
    } catch (Exception e) {
      throw StageFailures.classify(e);
    }
  }

  @Override
  public Revoked revoke(RevokeRequest request) {
    try {
      ConnectorSpec spec = request.spec();
      boolean removed = providers.of(spec).revoke(spec, request.purge());
      if (request.purge()) {
        Path storage = new Path(lakehouse.storagePath(spec.connectorId()));
        storage.getFileSystem(lakehouse.conf()).delete(storage, true);
      }
      log.info("connector {} revoked (grant removed: {}, purged: {})", spec.connectorId(), removed, request.purge());
      return new Revoked(spec.recipient(), removed, request.purge());
    } catch (Exception e) {
      throw StageFailures.classify(e);
    }
  }

  /** Finished runs in scope, oldest first, each with its schema version registered in that order. */
  private List<PlannedRun> registered(ConnectorSpec spec) throws IOException {
    List<PlannedRun> planned = listFinished(spec);
    for (PlannedRun p : planned) {
      Progress.beat("schema of run " + p.run().key());
      registerSchema(spec, p);
    }
    return planned;
  }

  private int schemaVersions(ConnectorSpec spec, List<PlannedRun> planned) throws IOException {
    int versions = 0;
    for (String workflowId : planned.stream().map(p -> p.run().workflowId()).distinct().toList()) {
      versions += registry.newestVersion(spec.connectorId(), workflowId);
    }
    return versions;
  }

  /**
   * The finished runs in scope, oldest first, as {@link #listFinished} orders them; a run known finished
   * is not read again (its run.json is written last and then left alone), so each page reads only the
   * run.json of runs new since the last.
   */
  private List<RunRef> orderedHistory(ConnectorSpec spec) throws IOException {
    return listFinished(spec, (source, workflowId, jobId) -> {
      String key = spec.sourceUri() + "\n" + new RunRef(workflowId, jobId).key();
      Instant known = finishedAt.get(key);
      if (known != null) {
        return new PlannedRun(new RunRef(workflowId, jobId), null, known);
      }
      PlannedRun run = plan(source, workflowId, jobId);
      if (run != null && run.info() != null && run.info().finished()) {
        finishedAt.put(key, run.finishedAt());
      }
      return run;
    }).stream().map(PlannedRun::run).toList();
  }

  /** How one run folder is planned: null when it is not a run yet. */
  @FunctionalInterface
  private interface Planner {
    PlannedRun plan(RunSource source, String workflowId, String jobId);
  }

  private List<PlannedRun> listFinished(ConnectorSpec spec) throws IOException {
    return listFinished(spec, OnboardingActivitiesImpl::plan);
  }

  private List<PlannedRun> listFinished(ConnectorSpec spec, Planner planner) throws IOException {
    RunSource source = new RunSource(lakehouse.conf(), spec.sourceUri());
    List<PlannedRun> planned = new ArrayList<>();
    for (String workflowId : source.listWorkflowIds()) {
      if (!spec.inScope(workflowId)) {
        continue;
      }
      for (String jobId : source.listJobIds(workflowId)) {
        Progress.beat("runs listed", planned.size() + 1, 100);
        PlannedRun run = planner.plan(source, workflowId, jobId);
        if (run != null) {
          planned.add(run);
        }
      }
    }
    planned.removeIf(p -> p.info() != null && !p.info().finished());
    planned.sort(Comparator.comparing(PlannedRun::finishedAt).thenComparing(p -> p.run().key()));
    return planned;
  }

  /**
   * A run whose run.json cannot be read is still planned, so it fails visibly at STAGE instead of vanishing.
   * A run folder without run.json is a run still being written (the engine writes run.json last): not
   * finished, so not planned (null); it is delivered when the engine reports it, or by a later backfill.
   */
  private static PlannedRun plan(RunSource source, String workflowId, String jobId) {
    RunRef run = new RunRef(workflowId, jobId);
    try {
      return new PlannedRun(run, source.readRun(workflowId, jobId));
    } catch (SourceException e) {
      if (e.retryable()) {
        throw e;
      }
      if (e.kind() == SourceException.Kind.MISSING && String.valueOf(e.file()).endsWith("/" + jobId + "/run.json")) {
        log.info("run {} has no run.json yet: not finished, not planned", run.key());
        return null;
      }
      log.warn("run {} will fail at STAGE: {}", run.key(), e.getMessage());
      return new PlannedRun(run, null);
    }
  }

  private void registerSchema(ConnectorSpec spec, PlannedRun p) throws IOException {
    if (p.info() == null) {
      return;
    }
    try {
      registry.register(spec.connectorId(), p.run().workflowId(), p.info().schema());
    } catch (SourceException e) {
      log.warn("run {} has no publishable schema: {}", p.run().key(), e.getMessage());
    }
  }

  private void requireSource(ConnectorSpec spec) throws IOException {
    Path root = new Path(spec.sourceUri(), "workflows");
    if (!root.getFileSystem(lakehouse.conf()).exists(root)) {
      throw Failures.CONFIG_INVALID.failure("source " + spec.sourceUri() + " has no workflows/ folder");
    }
  }

  /** @param known the finish time recorded for a run whose info was not read again (null: from its info) */
  private record PlannedRun(RunRef run, RunInfo info, Instant known) {
    PlannedRun(RunRef run, RunInfo info) {
      this(run, info, null);
    }

    Instant finishedAt() {
      return known != null ? known : info == null || info.finishedAt() == null ? Instant.EPOCH : info.finishedAt();
    }
  }
}
