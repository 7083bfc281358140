package io.shareline.worker.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** Wall and current-thread CPU nanoseconds of one phase: CPU time stays meaningful on a loaded machine. */
record Timing(long wallNanos, long cpuNanos) {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** A started clock; {@link Start#stop()} gives the phase's timing. */
  record Start(long wall, long cpu) {
    Timing stop() {
      return new Timing(System.nanoTime() - wall, THREADS.getCurrentThreadCpuTime() - cpu);
    }
  }

  static Start start() {
    return new Start(System.nanoTime(), THREADS.getCurrentThreadCpuTime());
  }

  Timing plus(Timing other) {
    return new Timing(wallNanos + other.wallNanos, cpuNanos + other.cpuNanos);
  }

  Timing minus(Timing other) {
    return new Timing(wallNanos - other.wallNanos, cpuNanos - other.cpuNanos);
  }

  double rowsPerSecond(long rows, boolean cpu) {
    long nanos = cpu ? cpuNanos : wallNanos;
    return nanos <= 0 ? 0 : rows * 1e9 / nanos;
  }
}
