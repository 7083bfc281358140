package io.shareline.backfill;

import io.shareline.delivery.DeliveryOutcome;
import io.shareline.delivery.RunRef;
import java.util.List;

/**
 * What a backfill page did, reported to the connector so it never delivers those runs again.
 *
 * @param returned runs the page did not deliver and hands to the connector, in job order per workflow: a
 *                 run whose stage failed (its {@code failure} set) and the runs of its workflow behind it
 */
public record BackfillReport(List<RunRef> delivered, List<RunRef> skipped, List<RunRef> abandoned,
    BackfillProgress progress, List<DeliveryOutcome> returned) {

  public BackfillReport {
    delivered = List.copyOf(delivered);
    skipped = List.copyOf(skipped);
    abandoned = List.copyOf(abandoned);
    returned = returned == null ? List.of() : List.copyOf(returned);
  }

  public BackfillReport(List<RunRef> delivered, List<RunRef> skipped, List<RunRef> abandoned, BackfillProgress progress) {
    this(delivered, skipped, abandoned, progress, List.of());
  }
}
