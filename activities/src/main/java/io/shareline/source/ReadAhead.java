package io.shareline.source;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Items of a source iterator handed out in order on the caller's thread while a reader thread of their
 * own reads the ones after them: parsing rows on one core while the caller writes them on another. The
 * reader stays at most {@value #DEPTH} batches of {@value #BATCH} items ahead (it waits while the caller
 * catches up, so memory stays bounded). A failure of the source reaches the caller after every item read
 * before it, as the same exception. {@link #close()} stops the reader and waits for it; a reader that ran
 * to the end of its source has stopped by itself.
 *
 * <p>The first {@value #FIRST_ON_CALLER} items are read on the caller's thread, and the reader thread
 * starts only after them: a source that small is read through before a writer has anything to do (the
 * Parquet writer reads that far ahead), so a thread would cost without overlapping anything.
 */
public final class ReadAhead<T> implements Iterator<T>, AutoCloseable {

  static final int FIRST_ON_CALLER = 8_192;
  static final int BATCH = 512;
  static final int DEPTH = 4;
  /** How long {@link #close()} waits for a reader stuck in a read: past it the reader ends on its own. */
  private static final long STOP_WAIT_SECONDS = 30;

  /** A run of items; the last one ends the source, after {@code failure} when it failed. */
  private record Batch<T>(List<T> items, boolean last, Throwable failure) {}

  private final Iterator<T> source;
  private final String name;
  private final BlockingQueue<Batch<T>> queue = new ArrayBlockingQueue<>(DEPTH);
  private Thread reader;
  private volatile boolean closed;
  private long handedOut;
  private List<T> items = List.of();
  private int next;
  private boolean last;
  private Throwable failure;

  /** {@code name} names the reader thread (in thread dumps): no row data in it. */
  public ReadAhead(Iterator<T> source, String name) {
    this.source = source;
    this.name = name;
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    if (reader == null) {
      if (handedOut < FIRST_ON_CALLER) {
        return source.hasNext();
      }
      start();
    }
    while (next == items.size()) {
      if (last) {
        if (failure != null) {
          throw rethrown(failure);
        }
        return false;
      }
      take();
    }
    return true;
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    handedOut++;
    return reader == null ? source.next() : items.get(next++);
  }

  /** Stops the reader (if one runs) and waits for it to end; items not handed out are dropped. */
  @Override
  public void close() {
    closed = true;
    Thread running = reader;
    if (running == null) {
      return;
    }
    running.interrupt();
    queue.clear();
    try {
      running.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void start() {
    reader = new Thread(this::read, name);
    reader.setDaemon(true);
    reader.start();
  }

  /** The reader thread: batches until the source ends or fails, or the caller closes. */
  private void read() {
    List<T> batch = new ArrayList<>(BATCH);
    try {
      while (!closed) {
        boolean more = true;
        while (batch.size() < BATCH && (more = source.hasNext())) {
          batch.add(source.next());
        }
        queue.put(new Batch<>(batch, !more, null));
        if (!more) {
          return;
        }
        batch = new ArrayList<>(BATCH);
      }
    } catch (InterruptedException e) {
      // closed by the caller: nobody waits for more
    } catch (Throwable e) { // every failure is the caller's to see, errors too
      try {
        queue.put(new Batch<>(batch, true, e));
      } catch (InterruptedException closedMeanwhile) {
        // nobody waits for it
      }
    }
  }

  private void take() {
    Batch<T> batch;
    try {
      batch = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
    items = batch.items();
    next = 0;
    last = batch.last();
    failure = batch.failure();
  }

  private static RuntimeException rethrown(Throwable failure) {
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(failure);
  }
}
