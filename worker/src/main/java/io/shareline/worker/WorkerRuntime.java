package io.shareline.worker;

import io.shareline.activities.SharelineActivities;
import io.shareline.activitylog.ActivityLogSyncWorkflowImpl;
import io.shareline.backfill.BackfillWorkflowImpl;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ConnectorWorkflowImpl;
import io.shareline.delivery.RunDeliveryWorkflowImpl;
import io.shareline.worker.runtime.EmbeddedTemporal;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A polling worker: Shareline's workflows and activities on the delivery task queue. */
public final class WorkerRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);

  private final WorkerFactory factory;
  private final HeartbeatInterceptor heartbeats;

  private WorkerRuntime(WorkerFactory factory, HeartbeatInterceptor heartbeats) {
    this.factory = factory;
    this.heartbeats = heartbeats;
  }

  public static WorkerRuntime start(WorkflowClient client, SharelineActivities activities, int maxConcurrentActivities) {
    HeartbeatInterceptor heartbeats = new HeartbeatInterceptor();
    WorkerFactoryOptions.Builder options = WorkerFactoryOptions.newBuilder().setWorkerInterceptors(heartbeats);
    WorkerFactory factory = WorkerFactory.newInstance(client, options.build());
    WorkerOptions.Builder workerOptions = WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(maxConcurrentActivities);
    if (!stickyQueuesFallBack(client)) {
      // The SDK's in-process server (`shareline server`) keeps sending a workflow's tasks and queries to
      // the sticky queue of the worker that last ran it and never falls back to the shared queue, so
      // a killed worker would leave its workflows stuck. A zero timeout turns sticky execution off.
      workerOptions.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
      log.info("Temporal server without sticky-queue fallback (the SDK's in-process server): sticky execution off");
    }
    Worker worker = factory.newWorker(TaskQueues.DELIVERY, workerOptions.build());
    worker.registerWorkflowImplementationTypes(
        ConnectorWorkflowImpl.class, BackfillWorkflowImpl.class, RunDeliveryWorkflowImpl.class,
        ActivityLogSyncWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities.implementations().toArray());
    factory.start();
    log.info("worker polling task queue {} (data folder {})", TaskQueues.DELIVERY, activities.lakehouse().dataDir());
    return new WorkerRuntime(factory, heartbeats);
  }

  /**
   * Whether the server moves a workflow's tasks off a dead worker's sticky queue. A real Temporal
   * server does (after the sticky schedule-to-start timeout) and reports its version; the SDK's
   * in-process server reports none and does not. An embedded server in this JVM cannot outlive its
   * worker, so sticky queues stay on there.
   */
  private static boolean stickyQueuesFallBack(WorkflowClient client) {
    if (EmbeddedTemporal.runningInThisProcess()) {
      return true;
    }
    String version = client.getWorkflowServiceStubs().blockingStub()
        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()).getServerVersion();
    return !version.isBlank();
  }

  /** Stops polling and lets in-flight tasks finish for a while; what does not finish is retried elsewhere. */
  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(20, TimeUnit.SECONDS);
    if (!factory.isTerminated()) {
      factory.shutdownNow();
    }
    heartbeats.close();
  }
}
