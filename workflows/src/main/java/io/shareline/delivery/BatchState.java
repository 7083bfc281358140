package io.shareline.delivery;

import java.util.List;

/**
 * What a backfill batch is doing, as its {@code state} query shows it.
 *
 * @param stage        the batch stage running now
 * @param delivered    runs of the batch delivered so far
 * @param alone        the run being delivered alone after the batch gave up (null while batched)
 * @param fallbackCause the failure that made the batch deliver its remaining runs alone (null: none)
 */
public record BatchState(List<RunRef> runs, DeliveryStage stage, int delivered, RunRef alone, String fallbackCause) {}
