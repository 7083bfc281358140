package io.shareline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

  /** Counts 0, 1, 2… up to {@code size} items, or fails at {@code failAt}. */
  private static final class Counting implements Iterator<Integer> {
    final AtomicInteger produced = new AtomicInteger();
    final int size;
    final int failAt;
    final RuntimeException failure = new IllegalStateException("source broke");

    Counting(int size, int failAt) {
      this.size = size;
      this.failAt = failAt;
    }

    @Override
    public boolean hasNext() {
      if (produced.get() == failAt) {
        throw failure;
      }
      return produced.get() < size;
    }

    @Override
    public Integer next() {
      return produced.getAndIncrement();
    }
  }

  private static Optional<Thread> thread(String name) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst();
  }

  @Test
  void handsOutEveryItemInOrderAcrossTheReaderThread() {
    int size = ReadAhead.FIRST_ON_CALLER + 10 * ReadAhead.BATCH + 7;
    try (ReadAhead<Integer> ahead = new ReadAhead<>(new Counting(size, -1), "order")) {
      for (int i = 0; i < size; i++) {
        assertTrue(ahead.hasNext());
        assertEquals(i, ahead.next());
      }
      assertFalse(ahead.hasNext());
    }
  }

  @Test
  void aSmallSourceIsReadOnTheCallersThreadWithoutAReader() {
    try (ReadAhead<Integer> ahead = new ReadAhead<>(new Counting(ReadAhead.FIRST_ON_CALLER, -1), "small")) {
      ahead.forEachRemaining(i -> assertTrue(thread("small").isEmpty()));
    }
  }

  @Test
  void aFailureReachesTheCallerAfterEveryItemBeforeIt() {
    int failAt = ReadAhead.FIRST_ON_CALLER + 3 * ReadAhead.BATCH + 5;
    Counting source = new Counting(Integer.MAX_VALUE, failAt);
    try (ReadAhead<Integer> ahead = new ReadAhead<>(source, "failing")) {
      for (int i = 0; i < failAt; i++) {
        assertEquals(i, ahead.next());
      }
      assertSame(source.failure, assertThrows(IllegalStateException.class, ahead::hasNext));
      assertSame(source.failure, assertThrows(IllegalStateException.class, ahead::hasNext), "and again");
    }
  }

  @Test
  void theReaderWaitsWhileTheCallerIsBatchesBehind() throws Exception {
    Counting source = new Counting(Integer.MAX_VALUE, -1);
    try (ReadAhead<Integer> ahead = new ReadAhead<>(source, "bounded")) {
      for (int i = 0; i <= ReadAhead.FIRST_ON_CALLER; i++) {
        ahead.next();
      }
      Thread reader = thread("bounded").orElseThrow();
      while (reader.getState() != Thread.State.WAITING) {
        Thread.sleep(5); // until the queue is full and the reader blocks on it
      }
      // The queue's batches, the one the caller holds and the one the reader waits to queue.
      int readAhead = source.produced.get() - (ReadAhead.FIRST_ON_CALLER + 1);
      assertTrue(readAhead <= (ReadAhead.DEPTH + 2) * ReadAhead.BATCH, "read " + readAhead + " items ahead");
    }
  }

  @Test
  void closingMidwayStopsTheReaderThread() {
    ReadAhead<Integer> ahead = new ReadAhead<>(new Counting(Integer.MAX_VALUE, -1), "closed");
    for (int i = 0; i <= ReadAhead.FIRST_ON_CALLER; i++) {
      ahead.next();
    }
    Thread reader = thread("closed").orElseThrow();

    ahead.close();

    assertFalse(reader.isAlive());
    assertFalse(ahead.hasNext());
  }
}
