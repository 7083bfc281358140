package io.shareline.worker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.client.TemporalConnection;
import io.shareline.common.TaskQueues;
import io.shareline.worker.config.WorkerTuning;
import io.shareline.worker.process.WorkerRuntime;
import io.shareline.worker.runtime.EmbeddedTemporal;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What SIGTERM does: stop polling, let running activities finish within the grace, cancel the rest. */
class WorkerShutdownTest {

  private EmbeddedTemporal server;
  private TemporalConnection connection;

  /** Sleeps for the time it is asked, noting whether it got to the end. */
  public static class SlowActivity implements ProbeWorkflows.ProbeActivity {
    final CountDownLatch started = new CountDownLatch(1);
    final AtomicBoolean finished = new AtomicBoolean();

    @Override
    public String work(String millis) {
      started.countDown();
      try {
        Thread.sleep(Long.parseLong(millis));
        finished.set(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return millis;
    }
  }

  @BeforeEach
  void start() {
    server = EmbeddedTemporal.start(0);
    connection = TemporalConnection.open(server.target(), EmbeddedTemporal.NAMESPACE);
  }

  @AfterEach
  void stop() {
    connection.close();
    server.close();
  }

  private WorkerRuntime workerWith(SlowActivity activity, Duration grace) {
    WorkerTuning tuning = new WorkerTuning(2, 2, 1, 2, 0, grace);
    return WorkerRuntime.start(connection.client(), tuning, id -> {}, w -> {
      w.registerWorkflowImplementationTypes(ProbeWorkflows.ProbeImpl.class);
      w.registerActivitiesImplementations(activity);
    });
  }

  private void startProbe(String id, long millis) {
    WorkflowClient.start(connection.client().newWorkflowStub(ProbeWorkflows.Probe.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.DELIVERY).setWorkflowId(id).build())::run, Long.toString(millis));
  }

  @Test
  void anActivityRunningAtShutdownFinishesWithinTheGrace() throws Exception {
    SlowActivity activity = new SlowActivity();
    WorkerRuntime worker = workerWith(activity, Duration.ofSeconds(20));
    startProbe("probe-finishes", 1500);
    assertTrue(activity.started.await(30, TimeUnit.SECONDS));

    worker.close();

    assertTrue(activity.finished.get(), "the running activity was cut short");
  }

  @Test
  void anActivityStillRunningWhenTheGraceEndsIsCancelledAndTheWorkerExits() throws Exception {
    SlowActivity activity = new SlowActivity();
    WorkerRuntime worker = workerWith(activity, Duration.ofMillis(500));
    startProbe("probe-cut", 60_000);
    assertTrue(activity.started.await(30, TimeUnit.SECONDS));
    long before = System.nanoTime();

    worker.close();

    assertTrue(Duration.ofNanos(System.nanoTime() - before).compareTo(Duration.ofSeconds(10)) < 0);
    assertFalse(activity.finished.get());
  }
}
