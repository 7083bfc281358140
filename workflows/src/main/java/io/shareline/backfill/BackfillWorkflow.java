package io.shareline.backfill;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Delivers a connector's history page by page; id {@code backfill/<connectorId>}. Continues as new
 * after every page carrying its cursor, so it resumes exactly where it stopped.
 */
@WorkflowInterface
public interface BackfillWorkflow {

  @WorkflowMethod
  BackfillProgress run(BackfillInput input);

  @SignalMethod(description = "The connector was disabled: start no new delivery until resumed")
  void pause();

  @SignalMethod(description = "The connector was enabled again: carry on where the backfill stopped")
  void resume();

  @QueryMethod(description = "Runs done / total, rows, pages, ETA")
  BackfillProgress progress();
}
