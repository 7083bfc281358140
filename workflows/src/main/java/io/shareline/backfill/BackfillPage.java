package io.shareline.backfill;

import io.shareline.delivery.RunRef;
import java.util.List;

/**
 * One page of historical runs in backfill order.
 *
 * @param nextCursor where the next page starts, or null when this is the last page
 * @param total      historical runs in scope right now
 */
public record BackfillPage(List<RunRef> runs, String nextCursor, int total) {

  public BackfillPage {
    runs = List.copyOf(runs);
  }
}
