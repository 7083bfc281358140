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
    return new MetricsSettings(r.integer(Setting.METRICS_PORT), r.text(Setting.METRICS_HOST));
  }
}
