package io.shareline.connector;

/**
 * How much a connector does at once, and in which order it backfills. Absent values take the defaults.
 *
 * @param maxParallelDeliveries deliveries of different source workflows in flight at once (one per workflow)
 * @param backfillPageSize      historical runs per backfill page (one continue-as-new per page)
 * @param backfillOrder         oldest first (the default: versions appear as they did) or newest first
 * @param backfillBatchSize     consecutive historical runs of one source workflow delivered as one batch
 *                              (one commit per version table and metadata table); 1 delivers run by run
 */
public record OrchestrationSettings(int maxParallelDeliveries, int backfillPageSize, BackfillOrder backfillOrder,
    int backfillBatchSize) {

  public enum BackfillOrder { OLDEST_FIRST, NEWEST_FIRST }

  public OrchestrationSettings {
    maxParallelDeliveries = maxParallelDeliveries <= 0 ? 4 : maxParallelDeliveries;
    backfillPageSize = backfillPageSize <= 0 ? 100 : backfillPageSize;
    backfillOrder = backfillOrder == null ? BackfillOrder.OLDEST_FIRST : backfillOrder;
    backfillBatchSize = backfillBatchSize <= 0 ? 50 : backfillBatchSize;
  }

  public OrchestrationSettings(int maxParallelDeliveries, int backfillPageSize, BackfillOrder backfillOrder) {
    this(maxParallelDeliveries, backfillPageSize, backfillOrder, 0);
  }

  public static OrchestrationSettings defaults() {
    return new OrchestrationSettings(0, 0, null, 0);
  }
}
