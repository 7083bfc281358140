package io.shareline.worker.config;

import java.time.Duration;

/**
 * How much one worker process takes on, and how long it lets running activities finish when stopped.
 * The defaults suit a 2-core container: activities mostly wait on I/O (source reads, S3, the provider),
 * workflow tasks are short CPU bursts.
 */
public record WorkerTuning(int maxConcurrentActivities, int maxConcurrentWorkflowTasks, int activityPollers,
    int workflowPollers, int workflowCacheSize, Duration shutdownGrace) {

  public static final int DEFAULT_MAX_CONCURRENT_ACTIVITIES = 4;
  public static final int DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS = 4;
  public static final int DEFAULT_POLLERS = 2;
  public static final int DEFAULT_WORKFLOW_CACHE_SIZE = 200;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  public static final WorkerTuning DEFAULTS = new WorkerTuning(DEFAULT_MAX_CONCURRENT_ACTIVITIES,
      DEFAULT_MAX_CONCURRENT_WORKFLOW_TASKS, DEFAULT_POLLERS, DEFAULT_POLLERS, DEFAULT_WORKFLOW_CACHE_SIZE,
      DEFAULT_SHUTDOWN_GRACE);

  static WorkerTuning resolve(WorkerSettings.Resolver r) {
    return new WorkerTuning(r.integer(Setting.MAX_CONCURRENT_ACTIVITIES), r.integer(Setting.MAX_CONCURRENT_WORKFLOW_TASKS),
        r.integer(Setting.ACTIVITY_POLLERS), r.integer(Setting.WORKFLOW_POLLERS), r.integer(Setting.WORKFLOW_CACHE_SIZE),
        r.duration(Setting.SHUTDOWN_GRACE));
  }
}
