package io.shareline.worker.config;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.shareline.activities.DeliveryMetrics;
import io.shareline.activities.SharelineActivities;
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
    return SharelineActivities.create(settings.dataDir(), conf, metrics);
  }
}
