package io.shareline.connector;

import io.shareline.backfill.BackfillPage;
import io.shareline.backfill.BackfillPageRequest;
import io.shareline.delivery.RunRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The historical runs of a fake source, paged as the real planBackfillPage pages them. */
final class SourceHistory {
  volatile List<RunRef> runs = List.of();
  final List<String> cursors = Collections.synchronizedList(new ArrayList<>());

  SchemaHistory schemaHistory() {
    return new SchemaHistory(runs.size(), runs.isEmpty() ? null : runs.get(runs.size() - 1), 1);
  }

  BackfillPage page(BackfillPageRequest request) {
    cursors.add(request.cursor());
    List<RunRef> ordered = new ArrayList<>(runs);
    if (request.spec().orchestration().backfillOrder() == OrchestrationSettings.BackfillOrder.NEWEST_FIRST) {
      Collections.reverse(ordered);
    }
    int from = request.cursor() == null ? 0 : ordered.stream().map(RunRef::key).toList().indexOf(request.cursor()) + 1;
    int to = Math.min(ordered.size(), from + request.pageSize());
    List<RunRef> page = ordered.subList(from, to);
    return new BackfillPage(page, to < ordered.size() ? page.get(page.size() - 1).key() : null, ordered.size());
  }
}
