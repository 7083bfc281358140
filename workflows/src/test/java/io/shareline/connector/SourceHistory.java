package io.shareline.connector;

import io.shareline.backfill.BackfillPage;
import io.shareline.backfill.BackfillPageRequest;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.connector.spec.OrchestrationSettings;
import io.shareline.delivery.RunRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The historical runs of a fake source, paged as the real planBackfillPage pages them. */
final class SourceHistory {
  volatile List<RunRef> runs = List.of();
  /** Run key → rows-file size the planner reports; a run missing here has an unknown size. */
  volatile Map<String, Long> inputBytes = Map.of();
  final List<String> cursors = Collections.synchronizedList(new ArrayList<>());

  /** The runs of the workflows {@code spec} has in scope, as the real registerSchemaHistory sees them. */
  SchemaHistory schemaHistory(ConnectorSpec spec) {
    List<RunRef> scoped = inScope(spec);
    return new SchemaHistory(scoped.size(), scoped.isEmpty() ? null : scoped.get(scoped.size() - 1), 1);
  }

  private List<RunRef> inScope(ConnectorSpec spec) {
    return runs.stream().filter(run -> spec.inScope(run.workflowId())).toList();
  }

  BackfillPage page(BackfillPageRequest request) {
    cursors.add(request.cursor());
    List<RunRef> ordered = new ArrayList<>(inScope(request.spec()));
    if (request.spec().orchestration().backfillOrder() == OrchestrationSettings.BackfillOrder.NEWEST_FIRST) {
      Collections.reverse(ordered);
    }
    int from = request.cursor() == null ? 0 : ordered.stream().map(RunRef::key).toList().indexOf(request.cursor()) + 1;
    int to = Math.min(ordered.size(), from + request.pageSize());
    List<RunRef> page = ordered.subList(from, to);
    Map<String, Long> sizes = new HashMap<>();
    page.stream().filter(run -> inputBytes.containsKey(run.key())).forEach(run -> sizes.put(run.key(), inputBytes.get(run.key())));
    return new BackfillPage(page, to < ordered.size() ? page.get(page.size() - 1).key() : null, ordered.size(), sizes);
  }
}
