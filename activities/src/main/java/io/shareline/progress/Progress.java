package io.shareline.progress;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;

/**
 * Heartbeats from an activity's own progress: each loop that does the work (rows read, files written or
 * copied, runs listed, provider calls made) says how far it is. A hung call stops the heartbeats, so
 * Temporal retries the activity after its heartbeat timeout; a cancelled activity gets
 * {@code ActivityCanceledException} from its next beat and stops there. The SDK sends at most one
 * heartbeat per interval, so beating often is cheap. Details are counts, never row values.
 */
public final class Progress {

  private Progress() {}

  /** One step done; a no-op outside an activity's thread (tests, benchmarks, other threads). */
  public static void beat(String step) {
    ActivityExecutionContext context = context();
    if (context != null) {
      context.heartbeat(step);
    }
  }

  /** Beats every {@code every}th count, for loops over rows. */
  public static void beat(String what, long count, long every) {
    if (count % every == 0) {
      beat(what + " " + count);
    }
  }

  private static ActivityExecutionContext context() {
    try {
      return Activity.getExecutionContext();
    } catch (RuntimeException outsideAnActivity) {
      return null;
    }
  }
}
