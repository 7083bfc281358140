package io.shareline.worker;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/** A one-activity workflow for tests of the worker's plumbing (interceptors, shutdown). */
public final class ProbeWorkflows {

  private ProbeWorkflows() {}

  @WorkflowInterface
  public interface Probe {
    @WorkflowMethod
    String run(String what);
  }

  @ActivityInterface
  public interface ProbeActivity {
    String work(String what);
  }

  public static class ProbeImpl implements Probe {
    private final ProbeActivity activity = Workflow.newActivityStub(ProbeActivity.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(Duration.ofSeconds(20))
        .build());

    @Override
    public String run(String what) {
      return activity.work(what);
    }
  }
}
