package io.shareline.worker;

import io.shareline.activities.SharelineActivities;
import io.shareline.activitylog.ActivityLogSyncWorkflowImpl;
import io.shareline.backfill.BackfillWorkflowImpl;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ConnectorWorkflowImpl;
import io.shareline.delivery.RunDeliveryWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A polling worker: Shareline's workflows and activities on the delivery task queue. */
public final class WorkerRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);

  private final WorkerFactory factory;
  private final HeartbeatInterceptor heartbeats;

  /** Workflow cache size of this worker (SDK default when unset). */
  public static final String WORKFLOW_CACHE_SIZE_ENV = "SHARELINE_WORKFLOW_CACHE_SIZE";

  private WorkerRuntime(WorkerFactory factory, HeartbeatInterceptor heartbeats) {
    this.factory = factory;
    this.heartbeats = heartbeats;
  }

  public static WorkerRuntime start(WorkflowClient client, SharelineActivities activities, int maxConcurrentActivities) {
    HeartbeatInterceptor heartbeats = new HeartbeatInterceptor();
    WorkerFactoryOptions.Builder options = WorkerFactoryOptions.newBuilder().setWorkerInterceptors(heartbeats);
    String cacheSize = System.getenv(WORKFLOW_CACHE_SIZE_ENV);
    if (cacheSize != null && !cacheSize.isBlank()) {
      // 0 turns sticky execution off: the SDK's in-process server keeps routing queries to a killed
      // worker's sticky queue, so crash drills against it run without the cache.
      options.setWorkflowCacheSize(Integer.parseInt(cacheSize.trim()));
    }
    WorkerFactory factory = WorkerFactory.newInstance(client, options.build());
    Worker worker = factory.newWorker(TaskQueues.DELIVERY, WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(maxConcurrentActivities)
        .build());
    worker.registerWorkflowImplementationTypes(
        ConnectorWorkflowImpl.class, BackfillWorkflowImpl.class, RunDeliveryWorkflowImpl.class,
        ActivityLogSyncWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities.implementations().toArray());
    factory.start();
    log.info("worker polling task queue {} (data folder {})", TaskQueues.DELIVERY, activities.lakehouse().dataDir());
    return new WorkerRuntime(factory, heartbeats);
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
