package io.shareline.stage;

import io.shareline.delivery.DeliveryStage;
import java.time.Duration;

/**
 * What the delivery activities report for dashboards. Recorded by activities, never by workflow code,
 * so a replay never counts twice. Carries ids, counts and failure types only.
 */
public interface DeliveryMetrics {

  /** One stage attempt ended; {@code failureType} is null when it succeeded. */
  void stageFinished(DeliveryStage stage, Duration took, String failureType);

  /** A run passed VERIFY: it is shared. {@code lag} runs from the run's finish at the source. */
  void runVerified(String connectorId, long rows, long bytes, Duration lag);

  /** For tests and tools that do not export metrics. */
  DeliveryMetrics NONE = new DeliveryMetrics() {
    @Override
    public void stageFinished(DeliveryStage stage, Duration took, String failureType) {}

    @Override
    public void runVerified(String connectorId, long rows, long bytes, Duration lag) {}
  };
}
