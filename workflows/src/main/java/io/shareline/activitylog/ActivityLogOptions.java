package io.shareline.activitylog;

import io.shareline.common.Failures;
import io.shareline.common.Heartbeats;
import io.shareline.common.SearchAttributes;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.ChildWorkflowOptions;
import java.time.Duration;

/** Activity options of the activity log sync, and the options the connector starts it with. */
public final class ActivityLogOptions {

  /**
   * One bounded batch: short, retried a few times; after that the sync records the failure and tries
   * again at the next interval, since it runs for the connector's whole life.
   */
  static final ActivityOptions EXPORT_OPTIONS = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(10))
      .setHeartbeatTimeout(Heartbeats.WORK)
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2.0)
          .setMaximumInterval(Duration.ofMinutes(1))
          .setMaximumAttempts(5)
          .setDoNotRetry(Failures.nonRetryableTypes())
          .build())
      .build();

  private ActivityLogOptions() {}

  /**
   * How the connector starts the sync as its child. ABANDON: the sync must outlive the connector's
   * continue-as-new (the default policy would terminate it); REJECT_DUPLICATE: an id reused by a
   * sync that ended (say, terminated at revoke) is never started again by accident.
   */
  public static ChildWorkflowOptions childOptions(String connectorId) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(ActivityLogSyncWorkflow.workflowId(connectorId))
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setStaticSummary("Activity log export for connector " + connectorId)
        .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
            .set(SearchAttributes.CONNECTOR_ID, connectorId)
            .build())
        .build();
  }
}
