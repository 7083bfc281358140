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

  /** A backfill batch of one source workflow's consecutive runs, named by its first and last job. */
  public static String batchWorkflowId(String connectorId, String workflowId, String firstJobId, String lastJobId) {
    return "batch/" + connectorId + "/" + workflowId + "/" + firstJobId + ".." + lastJobId;
  }
}
