package io.shareline.worker.process;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.shareline.activities.SharelineActivities;
import io.shareline.client.TemporalConnection;
import io.shareline.client.TemporalTarget;
import io.shareline.client.codec.CodecKeys;
import io.shareline.client.codec.EncryptionCodec;
import io.shareline.client.codec.PayloadEncryption;
import io.shareline.sharing.server.SharingServer;
import io.shareline.stage.MicrometerDeliveryMetrics;
import io.shareline.worker.config.CodecSettings;
import io.shareline.worker.config.WorkerSettings;
import io.shareline.worker.config.WorkerWiring;
import io.shareline.worker.ops.CodecServer;
import io.shareline.worker.ops.ConnectorStateGauge;
import io.shareline.worker.ops.MetricsServer;
import io.shareline.worker.runtime.EmbeddedSharing;
import io.shareline.worker.runtime.EmbeddedTemporal;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one worker process runs, started in order and closed in reverse: the optional embedded
 * server, the (encrypting) connection, the metrics registry fed by the SDK and the activities, in embedded
 * mode the Delta Sharing server, the worker, and the codec and metrics endpoints.
 */
public final class WorkerProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);
  private static final long CONNECTOR_STATES_EVERY_SECONDS = 5;

  private final Deque<AutoCloseable> started;
  private final EmbeddedTemporal server;
  private final TemporalConnection connection;
  private final SharelineActivities activities;
  private final PrometheusMeterRegistry registry;
  private final CodecServer codecServer;
  private final MetricsServer metricsServer;
  private final SharingServer sharing;

  private WorkerProcess(Deque<AutoCloseable> started, EmbeddedTemporal server, TemporalConnection connection,
      SharelineActivities activities, PrometheusMeterRegistry registry, CodecServer codecServer,
      MetricsServer metricsServer, SharingServer sharing) {
    this.sharing = sharing;
    this.started = started;
    this.server = server;
    this.connection = connection;
    this.activities = activities;
    this.registry = registry;
    this.codecServer = codecServer;
    this.metricsServer = metricsServer;
  }

  /**
   * @param embedded start an in-process Temporal server on 127.0.0.1:{@code settings.port()} first
   * @throws IllegalStateException or IllegalArgumentException with a one-line reason; whatever had started is closed
   */
  public static WorkerProcess start(WorkerSettings settings, boolean embedded) {
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      return start(settings, embedded, started);
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  private static WorkerProcess start(WorkerSettings settings, boolean embedded, Deque<AutoCloseable> started) {
    Optional<CodecKeys> keys = PayloadEncryption.keys(settings.codec().keys(), settings.codec().keyFile());
    DataConverter converter = keys.map(PayloadEncryption::dataConverter).orElse(null);
    warnIfUnencrypted(keys, embedded);
    EmbeddedTemporal server = null;
    if (embedded) {
      server = EmbeddedTemporal.start(settings.port());
      started.push(server);
    }
    TemporalTarget target = server != null ? TemporalTarget.plain(server.target(), settings.namespace())
        : settings.temporal();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Scope scope = new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
    started.push(scope);
    TemporalConnection connection = TemporalConnection.open(target, converter, scope,
        TemporalConnection.DEFAULT_CONNECT_TIMEOUT);
    started.push(connection);
    SharingServer sharing = null;
    if (embedded) {
      sharing = EmbeddedSharing.start(settings, true);
      started.push(sharing);
    }
    SharelineActivities activities = WorkerWiring.activities(settings, new MicrometerDeliveryMetrics(registry),
        WorkerWiring.localSharing(settings, sharing == null ? null : sharing.localEndpoint(), embedded));
    ConnectorStateGauge gauge = new ConnectorStateGauge(connection.client(), registry, CONNECTOR_STATES_EVERY_SECONDS);
    started.push(gauge);
    WorkerRuntime worker = WorkerRuntime.start(connection.client(), activities, settings.tuning(), gauge::seen);
    started.push(worker);
    CodecServer codecServer = null;
    CodecSettings codec = settings.codec();
    if (codec.serverPort() != null) {
      codecServer = CodecServer.start(codec.serverHost(), codec.serverPort(), new EncryptionCodec(keys.orElseThrow()),
          codec.serverToken(), codec.corsOrigin());
      started.push(codecServer);
    }
    MetricsServer metricsServer = null;
    if (settings.metrics().enabled()) {
      metricsServer = MetricsServer.start(settings.metrics().host(), settings.metrics().port(), registry,
          connection.serviceStubs());
      started.push(metricsServer);
    }
    return new WorkerProcess(started, server, connection, activities, registry, codecServer, metricsServer, sharing);
  }

  private static void warnIfUnencrypted(Optional<CodecKeys> keys, boolean embedded) {
    if (keys.isPresent()) {
      log.info("payload encryption on: AES-256-GCM with key {} ({} key(s) known)", keys.get().currentId(),
          keys.get().ids().size());
    } else if (embedded) {
      log.info("payload encryption off (embedded demo): workflow history holds source paths in clear;"
          + " set SHARELINE_CODEC_KEYS or SHARELINE_CODEC_KEY_FILE to encrypt");
    } else {
      log.warn("payload encryption OFF: workflow history on the Temporal server holds source paths and failure"
          + " messages in clear; set SHARELINE_CODEC_KEYS or SHARELINE_CODEC_KEY_FILE (README, Operations)");
    }
  }

  public TemporalConnection connection() {
    return connection;
  }

  public SharelineActivities activities() {
    return activities;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The embedded server, or null when connected to a remote one. */
  public EmbeddedTemporal server() {
    return server;
  }

  public Optional<CodecServer> codecServer() {
    return Optional.ofNullable(codecServer);
  }

  public Optional<MetricsServer> metricsServer() {
    return Optional.ofNullable(metricsServer);
  }

  /** The embedded Delta Sharing server (embedded mode only). */
  public Optional<SharingServer> sharingServer() {
    return Optional.ofNullable(sharing);
  }

  /** Stops polling first (running activities get the shutdown grace), then the rest in reverse start order. */
  @Override
  public void close() {
    closeAll(started);
  }

  private static void closeAll(Deque<AutoCloseable> started) {
    while (!started.isEmpty()) {
      AutoCloseable next = started.pop();
      try {
        next.close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", next.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
