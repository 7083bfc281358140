package io.shareline.delivery;

import java.util.List;

/**
 * What a backfill batch is doing, as its {@code state} query shows it.
 *
 * @param stage        the batch stage running now
 * @param delivered    runs of the batch delivered so far
 * @param alone        the run being delivered alone after the batch gave up or split (null while batched)
 * @param fallbackCause the failure that makes the batch deliver runs alone: a batch stage (all runs not yet
 *                     delivered go alone), or STAGE/SCHEMA of one run (the runs before it still go as a
 *                     batch first, it and the later ones alone); null: none
 */
public record BatchState(List<RunRef> runs, DeliveryStage stage, int delivered, RunRef alone, String fallbackCause) {}
