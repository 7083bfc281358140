package io.shareline.worker.runtime;

import io.shareline.delta.DeltaTables;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.sharing.server.SharingServer;
import io.shareline.worker.config.SharingSettings;
import io.shareline.worker.config.WorkerSettings;
import io.shareline.worker.config.WorkerWiring;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the Delta Sharing server over a worker's data folder (embedded mode, and {@code sharing-server}). */
public final class EmbeddedSharing {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedSharing.class);

  private EmbeddedSharing() {}

  /**
   * On {@code sharing.port}; with {@code orFreePort}, when that is left at its default and taken, on a free port
   * instead (an embedded worker beside another one).
   */
  public static SharingServer start(WorkerSettings settings, boolean orFreePort) {
    SharingSettings s = settings.sharing();
    Configuration conf = WorkerWiring.hadoopConfiguration(settings);
    Lakehouse lakehouse = new Lakehouse(settings.dataDir(), conf);
    DeltaTables tables = new DeltaTables(conf);
    int port = s.port() != null ? s.port() : SharingSettings.DEFAULT_PORT;
    try {
      return SharingServer.start(settings(s, port), lakehouse, tables);
    } catch (IllegalStateException busy) {
      if (s.port() != null || !orFreePort) {
        throw busy;
      }
      log.warn("sharing server port {} is taken; using a free port (set sharing.port to choose one)", port);
      return SharingServer.start(settings(s, 0), lakehouse, tables);
    }
  }

  private static SharingServer.Settings settings(SharingSettings s, int port) {
    return new SharingServer.Settings(s.host(), port, s.endpoint(), SharingServer.Settings.DEFAULT_URL_LIFETIME,
        s.requestsPerSecond());
  }
}
