package io.shareline.connector;

import io.shareline.delivery.RunRef;
import java.util.List;

/** Historical runs in scope, oldest first, and how many schema versions they span. */
public record BackfillPlan(List<RunRef> runs, int schemaVersions) {

  public BackfillPlan {
    runs = List.copyOf(runs);
  }
}
