package io.shareline.backfill;

import io.shareline.delivery.RunRef;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One page of historical runs in backfill order.
 *
 * @param nextCursor where the next page starts, or null when this is the last page
 * @param total      historical runs in scope right now
 * @param inputBytes {@link RunRef#key()} → size of the run's rows file as stored; a run the planner could
 *                   not size is absent (pages recorded before sizes existed carry none: null becomes empty)
 */
public record BackfillPage(List<RunRef> runs, String nextCursor, int total, Map<String, Long> inputBytes) {

  public BackfillPage {
    runs = List.copyOf(runs);
    inputBytes = inputBytes == null ? Map.of() : inputBytes.entrySet().stream()
        .filter(e -> e.getKey() != null && e.getValue() != null)
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  public BackfillPage(List<RunRef> runs, String nextCursor, int total) {
    this(runs, nextCursor, total, Map.of());
  }
}
