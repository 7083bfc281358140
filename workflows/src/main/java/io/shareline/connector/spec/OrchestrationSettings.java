package io.shareline.connector.spec;

/**
 * How much a connector does at once, and in which order it backfills. Absent values take the defaults.
 *
 * @param maxParallelDeliveries deliveries of different source workflows in flight at once (one per workflow)
 * @param backfillPageSize      historical runs per backfill page (one continue-as-new per page)
 * @param backfillOrder         oldest first (the default: versions appear as they did) or newest first
 * @param backfillBatchSize     consecutive historical runs of one source workflow delivered as one batch
 *                              (one commit per version table and metadata table); 1 delivers run by run
 * @param backfillBatchBytes    summed rows-file bytes (as stored, compressed or not) a batch closes before
 *                              exceeding; a run larger than this goes alone, a run of unknown size counts 0
 */
public record OrchestrationSettings(int maxParallelDeliveries, int backfillPageSize, BackfillOrder backfillOrder,
    int backfillBatchSize, long backfillBatchBytes) {

  public static final long DEFAULT_BACKFILL_BATCH_BYTES = 256L << 20;
  /**
   * A page is delivered whole before the next is planned, and planning lists the whole history: pages of a
   * thousand keep both costs small while a page still holds several batches of every workflow.
   */
  public static final int DEFAULT_BACKFILL_PAGE_SIZE = 1_000;

  public enum BackfillOrder { OLDEST_FIRST, NEWEST_FIRST }

  public OrchestrationSettings {
    maxParallelDeliveries = maxParallelDeliveries <= 0 ? 4 : maxParallelDeliveries;
    backfillPageSize = backfillPageSize <= 0 ? DEFAULT_BACKFILL_PAGE_SIZE : backfillPageSize;
    backfillOrder = backfillOrder == null ? BackfillOrder.OLDEST_FIRST : backfillOrder;
    backfillBatchSize = backfillBatchSize <= 0 ? 50 : backfillBatchSize;
    backfillBatchBytes = backfillBatchBytes <= 0 ? DEFAULT_BACKFILL_BATCH_BYTES : backfillBatchBytes;
  }

  public OrchestrationSettings(int maxParallelDeliveries, int backfillPageSize, BackfillOrder backfillOrder,
      int backfillBatchSize) {
    this(maxParallelDeliveries, backfillPageSize, backfillOrder, backfillBatchSize, 0);
  }

  public OrchestrationSettings(int maxParallelDeliveries, int backfillPageSize, BackfillOrder backfillOrder) {
    this(maxParallelDeliveries, backfillPageSize, backfillOrder, 0, 0);
  }

  public static OrchestrationSettings defaults() {
    return new OrchestrationSettings(0, 0, null, 0, 0);
  }
}
