package io.shareline.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.client.TemporalConnection;
import io.shareline.common.TaskQueues;
import io.shareline.progress.Progress;
import io.shareline.worker.config.WorkerTuning;
import io.shareline.worker.process.WorkerRuntime;
import io.shareline.worker.runtime.EmbeddedTemporal;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Activities are alive only while they make progress: no timer keeps a hung one alive, a cancelled one stops. */
class ProgressHeartbeatTest {

  @WorkflowInterface
  public interface Beating {
    @WorkflowMethod
    String run(String what);
  }

  @ActivityInterface
  public interface Work {
    String work(String what);
  }

  /** A one-second heartbeat timeout, retried at once. */
  public static class BeatingImpl implements Beating {
    private final Work work = Workflow.newActivityStub(Work.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(Duration.ofSeconds(1))
        .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(100)).build())
        .build());

    @Override
    public String run(String what) {
      return work.work(what);
    }
  }

  /** "hang": the first attempt waits without a beat, as on a hung call. "loop": beats until its workflow is cancelled (the beat then throws, cancelled or gone). */
  public static class WorkImpl implements Work {
    static final CountDownLatch looping = new CountDownLatch(1);
    static final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public String work(String what) {
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      if (what.equals("hang")) {
        if (attempt == 1) {
          sleep(6_000);
        }
        return "attempt " + attempt;
      }
      looping.countDown();
      try {
        for (int i = 0; i < 300; i++) {
          Progress.beat("step " + i);
          sleep(100);
        }
        return "never cancelled";
      } catch (ActivityCompletionException e) {
        stopped.countDown();
        throw e;
      }
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  @Timeout(60)
  void anAttemptThatStopsBeatingIsRetriedAfterItsHeartbeatTimeout() {
    try (EmbeddedTemporal server = EmbeddedTemporal.start(0);
        TemporalConnection connection = TemporalConnection.open(server.target(), EmbeddedTemporal.NAMESPACE)) {
      WorkerRuntime worker = start(connection);
      try {
        String result = connection.client().newWorkflowStub(Beating.class, options("hang")).run("hang");
        assertEquals("attempt 2", result, "the hung first attempt was given up after its heartbeat timeout");
      } finally {
        worker.close();
      }
    }
  }

  @Test
  @Timeout(60)
  void aCancelledActivityStopsAtItsNextBeat() throws InterruptedException {
    try (EmbeddedTemporal server = EmbeddedTemporal.start(0);
        TemporalConnection connection = TemporalConnection.open(server.target(), EmbeddedTemporal.NAMESPACE)) {
      WorkerRuntime worker = start(connection);
      try {
        Beating beating = connection.client().newWorkflowStub(Beating.class, options("loop"));
        WorkflowClient.start(beating::run, "loop");
        assertTrue(WorkImpl.looping.await(30, TimeUnit.SECONDS));
        WorkflowStub.fromTyped(beating).cancel();
        assertTrue(WorkImpl.stopped.await(30, TimeUnit.SECONDS), "the activity body saw the cancellation");
      } finally {
        worker.close();
      }
    }
  }

  private static WorkerRuntime start(TemporalConnection connection) {
    return WorkerRuntime.start(connection.client(), WorkerTuning.DEFAULTS, id -> { }, w -> {
      w.registerWorkflowImplementationTypes(BeatingImpl.class);
      w.registerActivitiesImplementations(new WorkImpl());
    });
  }

  private static WorkflowOptions options(String what) {
    return WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.DELIVERY).setWorkflowId("probe/" + what).build();
  }
}
