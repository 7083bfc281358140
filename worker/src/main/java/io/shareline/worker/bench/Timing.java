package io.shareline.worker.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Wall, current-thread CPU and whole-process CPU nanoseconds of one phase: CPU time stays meaningful on a
 * loaded machine, and the process's CPU also counts the work a phase hands to threads of its own (STAGE
 * parses on a reader thread), and the collector's.
 */
record Timing(long wallNanos, long cpuNanos, long processCpuNanos) {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  static final Timing ZERO = new Timing(0, 0, 0);

  /** A started clock; {@link Start#stop()} gives the phase's timing. */
  record Start(long wall, long cpu, long processCpu) {
    Timing stop() {
      return new Timing(System.nanoTime() - wall, THREADS.getCurrentThreadCpuTime() - cpu,
          PROCESS.getProcessCpuTime() - processCpu);
    }
  }

  static Start start() {
    return new Start(System.nanoTime(), THREADS.getCurrentThreadCpuTime(), PROCESS.getProcessCpuTime());
  }

  Timing plus(Timing other) {
    return new Timing(wallNanos + other.wallNanos, cpuNanos + other.cpuNanos, processCpuNanos + other.processCpuNanos);
  }

  Timing minus(Timing other) {
    return new Timing(wallNanos - other.wallNanos, cpuNanos - other.cpuNanos, processCpuNanos - other.processCpuNanos);
  }

  double rowsPerSecond(long rows, boolean cpu) {
    long nanos = cpu ? cpuNanos : wallNanos;
    return nanos <= 0 ? 0 : rows * 1e9 / nanos;
  }

  double rowsPerProcessCpuSecond(long rows) {
    return processCpuNanos <= 0 ? 0 : rows * 1e9 / processCpuNanos;
  }
}
