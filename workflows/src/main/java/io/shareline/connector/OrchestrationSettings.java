package io.shareline.connector;

/**
 * How much a connector does at once, and in which order it backfills. Absent values take the defaults.
 *
 * @param maxParallelDeliveries deliveries of different source workflows in flight at once (one per workflow)
 * @param backfillPageSize      historical runs per backfill page (one continue-as-new per page)
 * @param backfillOrder         oldest first (the default: versions appear as they did) or newest first
 */
public record OrchestrationSettings(int maxParallelDeliveries, int backfillPageSize, BackfillOrder backfillOrder) {

  public enum BackfillOrder { OLDEST_FIRST, NEWEST_FIRST }

  public OrchestrationSettings {
    maxParallelDeliveries = maxParallelDeliveries <= 0 ? 4 : maxParallelDeliveries;
    backfillPageSize = backfillPageSize <= 0 ? 100 : backfillPageSize;
    backfillOrder = backfillOrder == null ? BackfillOrder.OLDEST_FIRST : backfillOrder;
  }

  public static OrchestrationSettings defaults() {
    return new OrchestrationSettings(0, 0, null);
  }
}
