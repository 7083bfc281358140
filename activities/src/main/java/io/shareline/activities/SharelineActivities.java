package io.shareline.activities;

import io.shareline.activitylog.export.ActivityLogActivitiesImpl;
import io.shareline.connector.onboarding.OnboardingActivitiesImpl;
import io.shareline.delivery.stages.DeliveryActivitiesImpl;
import io.shareline.delivery.stages.RunStageActivitiesImpl;
import io.shareline.delta.DeltaTables;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.ledger.Ledger;
import io.shareline.provider.ShareProvider;
import io.shareline.provider.ShareProviders;
import io.shareline.provider.local.LocalShareProvider;
import io.shareline.provider.local.LocalSharing;
import io.shareline.stage.DeliveryMetrics;
import io.shareline.stage.StageRunner;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Every activity implementation a worker registers, built over one data folder. {@code runStages} serves
 * only deliveries recorded before every delivery became a batch (see {@code RunStageActivities}).
 */
public record SharelineActivities(DeliveryActivitiesImpl delivery, RunStageActivitiesImpl runStages,
    OnboardingActivitiesImpl onboarding, ActivityLogActivitiesImpl activityLog, Lakehouse lakehouse) {

  public static SharelineActivities create(String dataDir, Configuration conf) {
    return create(dataDir, conf, DeliveryMetrics.NONE);
  }

  public static SharelineActivities create(String dataDir, Configuration conf, DeliveryMetrics metrics) {
    return create(dataDir, conf, metrics, Map.of());
  }

  /** With further providers by name (e.g. {@code databricks}) beside the local one. */
  public static SharelineActivities create(String dataDir, Configuration conf, Map<String, ShareProvider> more) {
    return create(dataDir, conf, DeliveryMetrics.NONE, more);
  }

  public static SharelineActivities create(String dataDir, Configuration conf, DeliveryMetrics metrics,
      Map<String, ShareProvider> more) {
    return create(dataDir, conf, metrics, more, LocalSharing.NONE);
  }

  /** With the local provider's shares served to recipients as {@code sharing} says. */
  public static SharelineActivities create(String dataDir, Configuration conf, DeliveryMetrics metrics,
      Map<String, ShareProvider> more, LocalSharing sharing) {
    Lakehouse lakehouse = new Lakehouse(dataDir, conf);
    DeltaTables tables = new DeltaTables(conf);
    Map<String, ShareProvider> byName = new java.util.HashMap<>(more);
    byName.put(LocalShareProvider.NAME, new LocalShareProvider(lakehouse, tables, sharing));
    ShareProviders providers = new ShareProviders(byName);
    StageRunner runner = new StageRunner(new Ledger(lakehouse, tables), metrics);
    DeliveryActivitiesImpl delivery = new DeliveryActivitiesImpl(lakehouse, tables, providers, runner);
    return new SharelineActivities(
        delivery,
        new RunStageActivitiesImpl(delivery),
        new OnboardingActivitiesImpl(lakehouse, new MetadataTables(lakehouse, tables), providers),
        new ActivityLogActivitiesImpl(lakehouse, tables, providers),
        lakehouse);
  }

  public List<Object> implementations() {
    return List.of(delivery, runStages, onboarding, activityLog);
  }
}
