package io.shareline.backfill;

import io.shareline.delivery.RunRef;
import java.util.List;

/** What a backfill page did, reported to the connector so it never delivers those runs again. */
public record BackfillReport(List<RunRef> delivered, List<RunRef> skipped, List<RunRef> abandoned,
    BackfillProgress progress) {

  public BackfillReport {
    delivered = List.copyOf(delivered);
    skipped = List.copyOf(skipped);
    abandoned = List.copyOf(abandoned);
  }
}
