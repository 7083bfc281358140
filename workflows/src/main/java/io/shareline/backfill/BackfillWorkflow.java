package io.shareline.backfill;

import io.shareline.delivery.RunRef;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

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

  /** First run of each delivery (single or batch) in flight now, one per source workflow. */
  @QueryMethod(description = "Runs in delivery now: one per source workflow, the first of its batch")
  List<RunRef> inFlight();

  /**
   * The id of the {@code BatchDeliveryWorkflow} that holds {@code run}, if the current page delivers it in a
   * batch; null if it goes alone or belongs to another page.
   */
  @QueryMethod(description = "Id of the batch delivering a run of the current page, or null")
  String batchOf(RunRef run);
}
