package io.shareline.common;

import java.time.Duration;

/**
 * How fast a dead worker's activities are retried elsewhere. Every activity declares {@link #TIMEOUT}
 * as its heartbeat timeout and the worker heartbeats every running activity each {@link #INTERVAL}
 * (see the worker's heartbeat interceptor), so an activity whose process was killed is retried after
 * about {@link #TIMEOUT} instead of after its whole start-to-close timeout (up to 30 minutes).
 */
public final class Heartbeats {
  public static final Duration TIMEOUT = Duration.ofSeconds(20);
  public static final Duration INTERVAL = Duration.ofSeconds(3);

  private Heartbeats() {}
}
