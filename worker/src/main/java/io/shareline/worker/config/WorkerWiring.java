package io.shareline.worker.config;

import io.shareline.activities.SharelineActivities;
import io.shareline.provider.ActivationOutbox;
import io.shareline.provider.ShareProvider;
import io.shareline.provider.databricks.DatabricksShareProvider;
import io.shareline.provider.snowflake.SnowflakeShareProvider;
import java.util.HashMap;
import io.shareline.provider.local.LocalSharing;
import io.shareline.stage.DeliveryMetrics;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The composition root of a worker process's activities, in plain code: the Hadoop configuration from the
 * settings' {@code hadoop.*} keys, then the lakehouse, ledger and providers {@link SharelineActivities} builds
 * from it, the Databricks and Snowflake providers when they are configured, and the local provider's sharing.
 */
public final class WorkerWiring {
  private WorkerWiring() {}

  public static SharelineActivities activities(WorkerSettings settings, DeliveryMetrics metrics, LocalSharing sharing) {
    Configuration conf = hadoopConfiguration(settings);
    Map<String, ShareProvider> providers = new HashMap<>();
    if (settings.databricks() != null) {
      providers.put(DatabricksShareProvider.NAME, new DatabricksShareProvider(settings.databricks(), sharing.outbox()));
    }
    if (settings.snowflake() != null) {
      providers.put(SnowflakeShareProvider.NAME, SnowflakeShareProvider.of(settings.snowflake().settings(),
          settings.dataDir(), settings.snowflake().stageUrl()));
    }
    return SharelineActivities.create(settings.dataDir(), conf, metrics, providers, sharing);
  }

  public static Configuration hadoopConfiguration(WorkerSettings settings) {
    Configuration conf = new Configuration();
    settings.hadoop().forEach(conf::set);
    return conf;
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
}
