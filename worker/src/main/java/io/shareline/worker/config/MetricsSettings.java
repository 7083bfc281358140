package io.shareline.worker.config;

/**
 * Where {@code /metrics} and {@code /health} listen.
 *
 * @param port null when the endpoint is off; 0 picks a free port
 */
public record MetricsSettings(Integer port, String host) {

  public boolean enabled() {
    return port != null;
  }

  static MetricsSettings resolve(WorkerSettings.Resolver r) {
    return new MetricsSettings(r.optionalInteger("metrics.port", 0, 65535),
        r.string("metrics.host", WorkerSettings.LOOPBACK));
  }
}
