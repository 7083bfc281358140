package io.shareline.delivery;

/** One finished run of a source workflow: the unit of delivery. */
public record RunRef(String workflowId, String jobId) {

  public String key() {
    return workflowId + "/" + jobId;
  }
}
