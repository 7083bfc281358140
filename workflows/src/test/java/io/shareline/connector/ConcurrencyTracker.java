package io.shareline.connector;

import io.shareline.delivery.RunRef;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Counts, from the mocked activities, what runs at the same time: deliveries per source workflow
 * (STAGE start to VERIFY end), deliveries in all, and stages under the connector's commit lock.
 */
final class ConcurrencyTracker {
  volatile Duration stageTime = Duration.ZERO;
  private final Map<String, Integer> perWorkflow = new HashMap<>();
  private int deliveries;
  private int commitStages;
  private int maxPerWorkflow;
  private int maxDeliveries;
  private int maxCommitStages;

  synchronized void deliveryStarted(RunRef run) {
    int now = perWorkflow.merge(run.workflowId(), 1, Integer::sum);
    maxPerWorkflow = Math.max(maxPerWorkflow, now);
    maxDeliveries = Math.max(maxDeliveries, ++deliveries);
  }

  synchronized void deliveryEnded(RunRef run) {
    perWorkflow.merge(run.workflowId(), -1, Integer::sum);
    deliveries--;
  }

  <T> T inCommitStage(Callable<T> stage) throws Exception {
    synchronized (this) {
      maxCommitStages = Math.max(maxCommitStages, ++commitStages);
    }
    try {
      return timed(stage);
    } finally {
      synchronized (this) {
        commitStages--;
      }
    }
  }

  <T> T timed(Callable<T> stage) throws Exception {
    Thread.sleep(stageTime.toMillis());
    return stage.call();
  }

  synchronized int maxPerWorkflow() {
    return maxPerWorkflow;
  }

  synchronized int maxDeliveries() {
    return maxDeliveries;
  }

  synchronized int maxCommitStages() {
    return maxCommitStages;
  }
}
