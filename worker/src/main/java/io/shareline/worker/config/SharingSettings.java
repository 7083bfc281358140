package io.shareline.worker.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The local provider's sharing: the Delta Sharing server's public URL and (embedded) listening address, the
 * activation outbox every provider hands token links to, token lifetime and per-token rate limit.
 *
 * @param endpoint public URL ending in {@code /delta-sharing}; null: the embedded server's own loopback URL
 * @param verifyEndpoint the URL a worker reads the shares through at VERIFY; null: {@code endpoint}
 * @param port the embedded (or {@code sharing-server}) port; null: the default, or a free one when that is taken
 * @param activationOutbox directory or webhook; null: {@code <data-dir>/activation-outbox} in embedded mode
 */
public record SharingSettings(String endpoint, String verifyEndpoint, Integer port, String host,
    String activationOutbox, Duration tokenLifetime, double requestsPerSecond) {
  public static final int DEFAULT_PORT = 8097;
  public static final int DEFAULT_TOKEN_LIFETIME_DAYS = 90;
  public static final int DEFAULT_REQUESTS_PER_SECOND = 50;

  public static SharingSettings defaults() {
    return new SharingSettings(null, null, null, WorkerSettings.LOOPBACK, null,
        Duration.ofDays(DEFAULT_TOKEN_LIFETIME_DAYS), DEFAULT_REQUESTS_PER_SECOND);
  }

  /** The outbox: as set, or the embedded default under the data folder. */
  public String outboxOr(String dataDir, boolean embedded) {
    if (activationOutbox != null || !embedded) {
      return activationOutbox;
    }
    return dataDir.contains("://") ? dataDir + "/activation-outbox" : Path.of(dataDir, "activation-outbox").toString();
  }

  static SharingSettings resolve(WorkerSettings.Resolver r) {
    String outbox = r.text(Setting.ACTIVATION_OUTBOX);
    if (outbox == null) {
      outbox = r.text(Setting.DATABRICKS_ACTIVATION_OUTBOX); // the name before every provider shared one outbox
    }
    return new SharingSettings(r.text(Setting.SHARING_ENDPOINT), r.text(Setting.SHARING_VERIFY_ENDPOINT),
        r.integer(Setting.SHARING_PORT), r.text(Setting.SHARING_HOST), outbox,
        Duration.ofDays(r.integer(Setting.SHARING_TOKEN_LIFETIME_DAYS)), r.integer(Setting.SHARING_REQUESTS_PER_SECOND));
  }
}
