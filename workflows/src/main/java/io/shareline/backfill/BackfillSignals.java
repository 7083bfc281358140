package io.shareline.backfill;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;

/**
 * What the backfill tells the connector that started it, page by page. The connector workflow implements
 * it; the interface lives with its caller so backfill code never depends on the connector's package.
 */
@WorkflowInterface
public interface BackfillSignals {

  @SignalMethod(description = "The backfill finished a page of history")
  void backfillReport(BackfillReport report);
}
