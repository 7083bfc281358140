package io.shareline.worker.process;

import io.shareline.activities.SharelineActivities;
import io.shareline.activitylog.ActivityLogSyncWorkflowImpl;
import io.shareline.backfill.BackfillWorkflowImpl;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ConnectorWorkflowImpl;
import io.shareline.delivery.BatchDeliveryWorkflowImpl;
import io.shareline.delivery.RunDeliveryWorkflowImpl;
import io.shareline.worker.config.WorkerTuning;
import io.shareline.worker.runtime.EmbeddedTemporal;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A polling worker: Shareline's workflows and activities on the delivery task queue. */
public final class WorkerRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);

  private final WorkerFactory factory;
  private final Duration shutdownGrace;

  private WorkerRuntime(WorkerFactory factory, Duration shutdownGrace) {
    this.factory = factory;
    this.shutdownGrace = shutdownGrace;
  }

  public static WorkerRuntime start(WorkflowClient client, SharelineActivities activities, WorkerTuning tuning) {
    return start(client, activities, tuning, connectorId -> {});
  }

  /** @param connectorSeen told the connector id of every activity this worker runs */
  public static WorkerRuntime start(WorkflowClient client, SharelineActivities activities, WorkerTuning tuning,
      Consumer<String> connectorSeen) {
    WorkerRuntime runtime = start(client, tuning, connectorSeen, worker -> {
      worker.registerWorkflowImplementationTypes(
          ConnectorWorkflowImpl.class, BackfillWorkflowImpl.class, RunDeliveryWorkflowImpl.class,
          BatchDeliveryWorkflowImpl.class, ActivityLogSyncWorkflowImpl.class);
      worker.registerActivitiesImplementations(activities.implementations().toArray());
    });
    log.info("worker polling task queue {} (data folder {}, {} activity slots, {} workflow task slots)",
        TaskQueues.DELIVERY, activities.lakehouse().dataDir(), tuning.maxConcurrentActivities(),
        tuning.maxConcurrentWorkflowTasks());
    return runtime;
  }

  /** A worker on the delivery task queue with Shareline's interceptors and tuning; {@code registrations} adds the types. */
  public static WorkerRuntime start(WorkflowClient client, WorkerTuning tuning, Consumer<String> connectorSeen,
      Consumer<Worker> registrations) {
    WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(new LogContextInterceptor(connectorSeen))
        .setWorkflowCacheSize(tuning.workflowCacheSize())
        .build());
    WorkerOptions.Builder options = WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(tuning.maxConcurrentActivities())
        .setMaxConcurrentWorkflowTaskExecutionSize(tuning.maxConcurrentWorkflowTasks())
        .setMaxConcurrentActivityTaskPollers(tuning.activityPollers())
        .setMaxConcurrentWorkflowTaskPollers(tuning.workflowPollers());
    if (!stickyQueuesFallBack(client)) {
      // The SDK's in-process server (`shareline server`) keeps sending a workflow's tasks and queries to
      // the sticky queue of the worker that last ran it and never falls back to the shared queue, so
      // a killed worker would leave its workflows stuck. A zero timeout turns sticky execution off.
      options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
      log.info("Temporal server without sticky-queue fallback (the SDK's in-process server): sticky execution off");
    }
    Worker worker = factory.newWorker(TaskQueues.DELIVERY, options.build());
    registrations.accept(worker);
    factory.start();
    return new WorkerRuntime(factory, tuning.shutdownGrace());
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
    try {
      String version = client.getWorkflowServiceStubs().blockingStub()
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()).getServerVersion();
      return !version.isBlank();
    } catch (RuntimeException e) {
      // Not answered (an older server or a proxy): assume a real server, which falls back by itself.
      log.info("Temporal server did not report its version ({}); sticky execution stays on", e.getMessage());
      return true;
    }
  }

  /**
   * Stops polling and lets in-flight tasks finish for up to the shutdown grace; what does not finish is
   * cancelled here and, once its heartbeat times out, retried by another (or the restarted) worker.
   */
  @Override
  public void close() {
    log.info("stopping: no new tasks; running activities get up to {} s to finish", shutdownGrace.toSeconds());
    factory.shutdown();
    factory.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
    if (!factory.isTerminated()) {
      log.warn("shutdown grace of {} s over: cancelling the activities still running; they resume elsewhere",
          shutdownGrace.toSeconds());
      factory.shutdownNow();
      factory.awaitTermination(5, TimeUnit.SECONDS);
    }
    log.info("worker stopped");
  }
}
