package io.shareline.sharing.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A token bucket per caller: {@code perSecond} requests a second on average, bursts up to twice that. */
final class RateLimiter {
  private static final int MAX_CALLERS = 100_000;
  private final double perSecond;
  private final double burst;
  private final Map<String, double[]> buckets = new ConcurrentHashMap<>();

  RateLimiter(double perSecond) {
    this.perSecond = perSecond;
    this.burst = Math.max(1, perSecond * 2);
  }

  /** Takes one request from the caller's bucket; false when it is empty. */
  boolean tryAcquire(String caller) {
    if (perSecond <= 0) {
      return true;
    }
    if (buckets.size() > MAX_CALLERS) {
      buckets.clear(); // bounded memory; at worst a caller gets one fresh burst
    }
    double[] bucket = buckets.computeIfAbsent(caller, c -> new double[] {burst, System.nanoTime()});
    synchronized (bucket) {
      double now = System.nanoTime();
      bucket[0] = Math.min(burst, bucket[0] + (now - bucket[1]) / 1e9 * perSecond);
      bucket[1] = now;
      if (bucket[0] < 1) {
        return false;
      }
      bucket[0] -= 1;
      return true;
    }
  }
}
