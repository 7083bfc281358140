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
public record BatchState(List<RunRef> runs, DeliveryStage stage, int delivered, RunRef alone, String fallbackCause) {

  /** The run the batch is on: the one delivered alone, else the first not delivered yet (the last once all are). */
  public RunRef current() {
    return alone != null ? alone : runs.get(Math.min(delivered, runs.size() - 1));
  }

  /**
   * One run's delivery as far as the batch knows it: DELIVERED once the batch is past it, otherwise RUNNING at
   * the batch's stage. A run the batch handed to its own {@link RunDeliveryWorkflow} is better asked there.
   *
   * @throws IllegalArgumentException if {@code run} is not in this batch
   */
  public DeliveryState stateOf(RunRef run) {
    int index = runs.indexOf(run);
    if (index < 0) {
      throw new IllegalArgumentException(run.key() + " is not in this batch");
    }
    return index < delivered
        ? new DeliveryState(run, DeliveryState.Status.DELIVERED, DeliveryStage.VERIFY, 0, null)
        : new DeliveryState(run, DeliveryState.Status.RUNNING, stage, 0, null);
  }
}
