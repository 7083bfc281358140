package io.shareline.worker.config;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.shareline.activities.DeliveryMetrics;
import io.shareline.activities.SharelineActivities;
import io.shareline.provider.ActivationOutbox;
import io.shareline.provider.databricks.DatabricksSettings;
import io.shareline.provider.databricks.DatabricksShareProvider;
import io.shareline.provider.local.LocalSharing;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** Wires the activities of one worker process from its settings. */
public final class WorkerModule extends AbstractModule {
  private final WorkerSettings settings;
  private final DeliveryMetrics metrics;
  private final LocalSharing sharing;

  public WorkerModule(WorkerSettings settings) {
    this(settings, DeliveryMetrics.NONE);
  }

  public WorkerModule(WorkerSettings settings, DeliveryMetrics metrics) {
    this(settings, metrics, localSharing(settings, null, false));
  }

  /** @param sharing how the local provider's shares reach recipients (see {@link #localSharing}) */
  public WorkerModule(WorkerSettings settings, DeliveryMetrics metrics, LocalSharing sharing) {
    this.settings = settings;
    this.metrics = metrics;
    this.sharing = sharing;
  }

  /**
   * The local provider's sharing: the configured public endpoint, else the embedded server's own URL (null
   * when there is neither); VERIFY reads through the configured verify endpoint, else the embedded server
   * directly, else the public one; the configured outbox, else (embedded) a folder under the data folder.
   */
  public static LocalSharing localSharing(WorkerSettings settings, String embeddedEndpoint, boolean embedded) {
    SharingSettings s = settings.sharing();
    String endpoint = s.endpoint() != null ? s.endpoint() : embeddedEndpoint;
    String verifyEndpoint = s.verifyEndpoint() != null ? s.verifyEndpoint()
        : embeddedEndpoint != null ? embeddedEndpoint : endpoint;
    return new LocalSharing(endpoint, verifyEndpoint, ActivationOutbox.of(s.outboxOr(settings.dataDir(), embedded)),
        s.tokenLifetime());
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
      return SharelineActivities.create(settings.dataDir(), conf, metrics, Map.of(), sharing);
    }
    DatabricksSettings databricks = settings.databricks();
    return SharelineActivities.create(settings.dataDir(), conf, metrics, Map.of(DatabricksShareProvider.NAME,
        new DatabricksShareProvider(databricks, sharing.outbox())), sharing);
  }
}
