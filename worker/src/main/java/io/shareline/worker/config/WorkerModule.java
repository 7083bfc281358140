package io.shareline.worker.config;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.shareline.activities.DeliveryMetrics;
import io.shareline.activities.SharelineActivities;
import io.shareline.provider.ActivationOutbox;
import io.shareline.provider.databricks.DatabricksSettings;
import io.shareline.provider.databricks.DatabricksShareProvider;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** Wires the activities of one worker process from its settings. */
public final class WorkerModule extends AbstractModule {
  private final WorkerSettings settings;
  private final DeliveryMetrics metrics;

  public WorkerModule(WorkerSettings settings) {
    this(settings, DeliveryMetrics.NONE);
  }

  public WorkerModule(WorkerSettings settings, DeliveryMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  @Provides
  @Singleton
  WorkerSettings settings() {
    return settings;
  }

  @Provides
  @Singleton
  Configuration hadoopConfiguration() {
    Configuration conf = new Configuration();
    settings.hadoop().forEach(conf::set);
    return conf;
  }

  @Provides
  @Singleton
  SharelineActivities activities(Configuration conf) {
    if (settings.databricks() == null) {
      return SharelineActivities.create(settings.dataDir(), conf, metrics);
    }
    DatabricksSettings databricks = settings.databricks();
    return SharelineActivities.create(settings.dataDir(), conf, metrics, Map.of(DatabricksShareProvider.NAME,
        new DatabricksShareProvider(databricks, ActivationOutbox.of(databricks.outbox()))));
  }
}
