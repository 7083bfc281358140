package io.shareline.stage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.shareline.delivery.DeliveryStage;
import java.time.Duration;

/**
 * Shareline's delivery metrics in a Micrometer registry. Prometheus names: {@code shareline_runs_delivered_total},
 * {@code shareline_rows_delivered_total}, {@code shareline_bytes_delivered_total} (by connector),
 * {@code shareline_stage_failures_total} (by stage and failure type), {@code shareline_stage_duration_seconds}
 * (by stage and outcome) and the {@code shareline_delivery_lag_seconds} histogram (run finished to verified).
 */
public final class MicrometerDeliveryMetrics implements DeliveryMetrics {

  private final MeterRegistry registry;

  public MicrometerDeliveryMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void stageFinished(DeliveryStage stage, Duration took, String failureType) {
    Timer.builder("shareline.stage.duration")
        .description("Time of one delivery stage attempt")
        .tag("stage", stage.name())
        .tag("outcome", failureType == null ? "succeeded" : "failed")
        .register(registry)
        .record(took);
    if (failureType != null) {
      Counter.builder("shareline.stage.failures")
          .description("Failed delivery stage attempts, by stage and classified failure type")
          .tag("stage", stage.name())
          .tag("type", failureType)
          .register(registry)
          .increment();
    }
  }

  /** A timer records nanoseconds in a long (292 years): a run.json claiming an older finish must not fail VERIFY. */
  private static final Duration MAX_LAG = Duration.ofDays(365L * 100);

  @Override
  public void runVerified(String connectorId, long rows, long bytes, Duration lag) {
    Counter.builder("shareline.runs.delivered").description("Runs delivered and verified as shared")
        .tag("connector", connectorId).register(registry).increment();
    Counter.builder("shareline.rows.delivered").description("Rows of the delivered runs")
        .tag("connector", connectorId).register(registry).increment(rows);
    Counter.builder("shareline.bytes.delivered").description("Staged Parquet bytes of the delivered runs")
        .tag("connector", connectorId).register(registry).increment(bytes);
    Timer.builder("shareline.delivery.lag")
        .description("From a run's finish at the source to its verified delivery")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofSeconds(1))
        .maximumExpectedValue(Duration.ofDays(2))
        .register(registry)
        .record(lag.isNegative() ? Duration.ZERO : lag.compareTo(MAX_LAG) > 0 ? MAX_LAG : lag);
  }
}
