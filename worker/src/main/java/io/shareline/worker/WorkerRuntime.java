package io.shareline.worker;

import io.shareline.activities.SharelineActivities;
import io.shareline.activitylog.ActivityLogSyncWorkflowImpl;
import io.shareline.backfill.BackfillWorkflowImpl;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ConnectorWorkflowImpl;
import io.shareline.delivery.RunDeliveryWorkflowImpl;
import io.shareline.worker.config.WorkerTuning;
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
  private final HeartbeatInterceptor heartbeats;
  private final Duration shutdownGrace;

  private WorkerRuntime(WorkerFactory factory, HeartbeatInterceptor heartbeats, Duration shutdownGrace) {
    this.factory = factory;
    this.heartbeats = heartbeats;
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
          ActivityLogSyncWorkflowImpl.class);
      worker.registerActivitiesImplementations(activities.implementations().toArray());
    });
    log.info("worker polling task queue {} (data folder {}, {} activity slots, {} workflow task slots)",
        TaskQueues.DELIVERY, activities.lakehouse().dataDir(), tuning.maxConcurrentActivities(),
        tuning.maxConcurrentWorkflowTasks());
    return runtime;
  }

  /** A worker on the delivery task queue with Shareline's interceptors and tuning; {@code registrations} adds the types. */
  static WorkerRuntime start(WorkflowClient client, WorkerTuning tuning, Consumer<String> connectorSeen,
      Consumer<Worker> registrations) {
    HeartbeatInterceptor heartbeats = new HeartbeatInterceptor();
    WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(heartbeats, new LogContextInterceptor(connectorSeen))
        // 0 turns sticky execution off: the SDK's in-process server keeps routing queries to a killed
        // worker's sticky queue, so crash drills against it run without the cache.
        .setWorkflowCacheSize(tuning.workflowCacheSize())
        .build());
    Worker worker = factory.newWorker(TaskQueues.DELIVERY, WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(tuning.maxConcurrentActivities())
        .setMaxConcurrentWorkflowTaskExecutionSize(tuning.maxConcurrentWorkflowTasks())
        .setMaxConcurrentActivityTaskPollers(tuning.activityPollers())
        .setMaxConcurrentWorkflowTaskPollers(tuning.workflowPollers())
        .build());
    registrations.accept(worker);
    factory.start();
    return new WorkerRuntime(factory, heartbeats, tuning.shutdownGrace());
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
    heartbeats.close();
    log.info("worker stopped");
  }
}
