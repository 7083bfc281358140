package io.shareline.worker.bench;

import io.shareline.delivery.RunRef;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child-JVM part of {@code bench delivery}: many workflows of one connector, each with its own small run,
 * delivered (STAGE, SCHEMA, LOAD) at once on a fixed pool. Prints {@code key=value} lines for the parent.
 * Arguments: dir streams streamRows threads.
 */
public final class BenchStreams {

  private BenchStreams() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int streams = Integer.parseInt(args[1]);
    int streamRows = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);

    BenchSource source = new BenchSource(dir.resolve("source"));
    List<RunRef> runs = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      runs.add(source.writeRun(String.format("stream-%04d", i), "job-1", streamRows, i));
    }
    BenchDelivery delivery = BenchDelivery.provision(source.root(), dir.resolve("data"), "bench-streams");

    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicLong rows = new AtomicLong();
    long baseline = HeapPeaks.liveAfterGc();
    HeapPeaks.reset();
    LiveSampler sampler = new LiveSampler();
    sampler.start();
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (RunRef run : runs) {
      done.add(pool.submit(() -> {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          delivery.deliver(run);
          rows.addAndGet(streamRows);
        } finally {
          inFlight.decrementAndGet();
        }
      }));
    }
    int completed = 0;
    String firstFailure = "";
    for (Future<?> f : done) {
      try {
        f.get();
        completed++;
      } catch (Exception e) {
        if (firstFailure.isEmpty()) {
          firstFailure = String.valueOf(e.getCause() == null ? e : e.getCause()).replace('\n', ' ');
        }
      }
    }
    long wall = System.nanoTime() - started;
    pool.shutdown();
    sampler.interrupt();
    System.out.println("completed=" + completed);
    System.out.println("rows=" + rows.get());
    System.out.println("wall_ms=" + wall / 1_000_000);
    System.out.println("max_concurrent=" + maxInFlight.get());
    System.out.println("max_staging=" + delivery.mostStagingAtOnce());
    System.out.println("baseline_bytes=" + baseline);
    System.out.println("peak_bytes=" + HeapPeaks.peak());
    System.out.println("peak_live_bytes=" + sampler.peakLive.get());
    System.out.println("max_heap_bytes=" + Runtime.getRuntime().maxMemory());
    System.out.println("first_failure=" + firstFailure);
    System.exit(0);
  }

  /** Tracks the largest heap in use right after a collection (the live set), sampled every 20 ms. */
  private static final class LiveSampler extends Thread {
    final AtomicLong peakLive = new AtomicLong();

    LiveSampler() {
      super("live-heap-sampler");
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!isInterrupted()) {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
          if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
            sum += pool.getCollectionUsage().getUsed();
          }
        }
        peakLive.accumulateAndGet(sum, Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
