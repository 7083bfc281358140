package io.shareline.backfill;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The backfill's one activity: which runs of the source's history the next page holds. */
@ActivityInterface
public interface BackfillActivities {

  /** One page of historical runs in the spec's backfill order, after the request's cursor. */
  @ActivityMethod(name = "PlanBackfillPage")
  BackfillPage planBackfillPage(BackfillPageRequest request);
}
