package io.shareline.connector;

import io.shareline.activities.StageFailures;
import io.shareline.common.Failures;
import io.shareline.delivery.RunRef;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.lakehouse.SchemaRegistry;
import io.shareline.provider.ShareProviders;
import io.shareline.source.PublicSchema;
import io.shareline.source.RunInfo;
import io.shareline.source.RunSource;
import io.shareline.source.SourceException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Provisioning, the zero-data share check and the backfill plan of a connector. */
public final class OnboardingActivitiesImpl implements OnboardingActivities {
  private static final Logger log = LoggerFactory.getLogger(OnboardingActivitiesImpl.class);
  private static final Set<String> FINISHED = Set.of("SUCCEEDED", "SUCCESS", "FINISHED", "COMPLETED");

  private final Lakehouse lakehouse;
  private final MetadataTables metadata;
  private final SchemaRegistry registry;
  private final ShareProviders providers;

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
      RunSource source = new RunSource(lakehouse.conf(), spec.sourceUri());
      List<PlannedRun> planned = new ArrayList<>();
      for (String workflowId : source.listWorkflowIds()) {
        if (!spec.inScope(workflowId)) {
          continue;
        }
        for (String jobId : source.listJobIds(workflowId)) {
          planned.add(plan(source, workflowId, jobId));
        }
      }
      planned.removeIf(p -> p.info() != null && !FINISHED.contains(String.valueOf(p.info().status()).toUpperCase(Locale.ROOT)));
      planned.sort(Comparator.comparing(PlannedRun::finishedAt).thenComparing(p -> p.run().key()));
      for (PlannedRun p : planned) {
        registerSchema(spec, p);
      }
      int versions = 0;
      for (String workflowId : planned.stream().map(p -> p.run().workflowId()).distinct().toList()) {
        versions += registry.newestVersion(spec.connectorId(), workflowId);
      }
      return new BackfillPlan(planned.stream().map(PlannedRun::run).toList(), versions);
    } catch (Exception e) {
      throw StageFailures.classify(e);
    }
  }

  /** A run whose run.json cannot be read is still planned, so it fails visibly at STAGE instead of vanishing. */
  private static PlannedRun plan(RunSource source, String workflowId, String jobId) {
    RunRef run = new RunRef(workflowId, jobId);
    try {
      return new PlannedRun(run, source.readRun(workflowId, jobId));
    } catch (SourceException e) {
      if (e.retryable()) {
        throw e;
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
      PublicSchema schema = PublicSchema.of(p.info().schema());
      registry.resolve(spec.connectorId(), p.run().workflowId(), schema.fingerprint(), schema.fields());
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

  private record PlannedRun(RunRef run, RunInfo info) {
    Instant finishedAt() {
      return info == null || info.finishedAt() == null ? Instant.EPOCH : info.finishedAt();
    }
  }
}
