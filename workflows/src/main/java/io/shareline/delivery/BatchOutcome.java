package io.shareline.delivery;

import java.util.List;

/** How a backfill batch ended: one outcome per run, in job order (FAILED: delivered alone and abandoned). */
public record BatchOutcome(List<DeliveryOutcome> runs) {

  public BatchOutcome {
    runs = List.copyOf(runs);
  }
}
