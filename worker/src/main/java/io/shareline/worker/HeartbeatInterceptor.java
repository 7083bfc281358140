package io.shareline.worker;

import io.shareline.common.Heartbeats;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats every running activity each {@link Heartbeats#INTERVAL} while its body runs, so that when
 * the worker process dies Temporal notices after the activities' heartbeat timeout and retries them on
 * another (or the restarted) worker. Liveness only: no details are recorded.
 */
final class HeartbeatInterceptor extends WorkerInterceptorBase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatInterceptor.class);

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "shareline-activity-heartbeat");
    thread.setDaemon(true);
    return thread;
  });

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityExecutionContext context;

      @Override
      public void init(ActivityExecutionContext context) {
        this.context = context;
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        ActivityExecutionContext activity = context;
        long every = Heartbeats.INTERVAL.toMillis();
        ScheduledFuture<?> beat = timer.scheduleAtFixedRate(() -> heartbeat(activity), every, every, TimeUnit.MILLISECONDS);
        try {
          return super.execute(input);
        } finally {
          beat.cancel(false);
        }
      }
    };
  }

  /** The SDK's heartbeat is thread-safe and throttled; a cancelled or timed-out activity only gets logged. */
  private static void heartbeat(ActivityExecutionContext activity) {
    try {
      activity.heartbeat(null);
    } catch (ActivityCompletionException e) {
      log.debug("heartbeat of {} not accepted: {}", activity.getInfo().getActivityType(), e.toString());
    } catch (RuntimeException e) {
      log.warn("heartbeat of {} failed: {}", activity.getInfo().getActivityType(), e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
