package io.shareline.client;

import io.shareline.connector.ConnectorState;
import io.shareline.delivery.DeliveryState.StageFailure;
import io.shareline.delivery.RunRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The runs a connector holds in FAILED, each with what an operator does next. */
public final class FailedRuns {

  /**
   * @param waitingBehind runs of the same workflow queued behind this one (they go once it is retried or skipped)
   */
  public record FailedRun(RunRef run, StageFailure failure, long waitingBehind, String nextStep) {

    /** One line: workflow, job, stage, failure type, message and the operator's next step. */
    public String describe() {
      return "workflow " + run.workflowId() + ", job " + run.jobId() + ": FAILED at " + failure.stage() + " ("
          + failure.type() + "): " + failure.message()
          + (waitingBehind == 0 ? "" : "; " + waitingBehind + " later runs wait behind it")
          + "\n    next: " + nextStep;
    }
  }

  private FailedRuns() {}

  public static List<FailedRun> of(ConnectorState state) {
    List<FailedRun> runs = new ArrayList<>();
    for (Map.Entry<String, StageFailure> e : state.failed().entrySet()) {
      String[] key = e.getKey().split("/", 2);
      RunRef run = new RunRef(key[0], key[1]);
      long behind = state.pending().stream()
          .filter(p -> p.workflowId().equals(run.workflowId()) && !p.equals(run)).count();
      runs.add(new FailedRun(run, e.getValue(), behind, nextStep(state.spec().connectorId(), run, e.getValue().type())));
    }
    return runs;
  }

  /** What to fix for a failure type, then the command that resumes the run (or gives up on it). */
  public static String nextStep(String connectorId, RunRef run, String type) {
    String fix;
    if (type.startsWith("SOURCE_") || type.startsWith("CAST_")) {
      fix = "correct the run's files at the source (or the field's cast policy)";
    } else if (type.startsWith("PROVIDER_")) {
      fix = "fix the provider's settings, credentials or permissions named above";
    } else if (type.startsWith("STORAGE_") || type.equals("STAGING_MISSING")) {
      fix = "check the data folder's storage is reachable and writable";
    } else if (type.equals("VERIFY_MISMATCH")) {
      fix = "inspect the table named above (a concurrent writer or a provider fault)";
    } else if (type.equals("CONFIG_INVALID")) {
      fix = "correct the connector's settings";
    } else {
      fix = "read the worker log for this run";
    }
    String args = " --connector " + connectorId + " --workflow " + run.workflowId() + " --job " + run.jobId();
    return fix + ", then `shareline connector retry" + args + "`; or give up on it with `shareline connector skip" + args + "`";
  }
}
