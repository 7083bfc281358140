package io.shareline.worker.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak heap as the JVM's memory pools record it. The sum of per-pool peaks is an upper bound (pools
 * peak at different moments) and counts garbage not yet collected, so it overstates the live set.
 */
final class HeapPeaks {

  private HeapPeaks() {}

  /** Collects what it can, then restarts every heap pool's peak from its current usage. */
  static void reset() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Bytes: the sum over heap pools of each pool's peak used since {@link #reset}. */
  static long peak() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** Bytes in use now, after a full collection: the live set. */
  static long liveAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static String mb(long bytes) {
    return String.format("%.1f MB", bytes / 1048576.0);
  }
}
