package io.shareline.common;

/** Task queue and workflow-id conventions shared by the worker and the client. */
public final class TaskQueues {
  public static final String DELIVERY = "shareline";

  private TaskQueues() {}

  public static String connectorWorkflowId(String connectorId) {
    return "connector/" + connectorId;
  }

  public static String backfillWorkflowId(String connectorId) {
    return "backfill/" + connectorId;
  }

  public static String deliveryWorkflowId(String connectorId, String workflowId, String jobId) {
    return "delivery/" + connectorId + "/" + workflowId + "/" + jobId;
  }
}
