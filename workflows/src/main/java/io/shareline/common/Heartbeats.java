package io.shareline.common;

import java.time.Duration;

/**
 * Heartbeat timeouts, one per kind of work. Activities heartbeat from their own progress (rows read, files
 * written, commits and HTTP calls done), so an activity whose worker died, or whose call hangs, misses its
 * heartbeats and is retried after this timeout, and a cancelled activity learns it at its next heartbeat.
 */
public final class Heartbeats {
  /** Work that beats at least every few thousand rows, every file and every commit (STAGE, SCHEMA, LOAD). */
  public static final Duration WORK = Duration.ofSeconds(30);

  /** Work that beats once per provider call or poll: one call may wait on a throttled or slow service. */
  public static final Duration CALLS = Duration.ofSeconds(60);

  private Heartbeats() {}
}
