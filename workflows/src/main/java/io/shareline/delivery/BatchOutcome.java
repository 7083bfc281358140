package io.shareline.delivery;

import java.util.List;

/**
 * How a backfill batch ended: one outcome per run, in job order (FAILED: delivered alone and abandoned;
 * RETURNED: a run that failed alone and the runs after it, handed back to the connector).
 */
public record BatchOutcome(List<DeliveryOutcome> runs) {

  public BatchOutcome {
    runs = List.copyOf(runs);
  }
}
