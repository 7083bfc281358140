package io.shareline.worker.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Typed rows handed to a writer a chunk at a time, so a phase split holds at most one chunk of the run in
 * memory, as a delivery does, instead of the whole run (whose live set slowed every writer by itself): one
 * clock runs while a chunk is read and cast, another while the writer has the rows, from construction to
 * {@link #writing()}.
 */
final class ChunkedRows implements Iterator<Object[]> {

  private final Iterator<Object[]> source;
  private final int chunkSize;
  private final List<Object[]> chunk = new ArrayList<>();
  private int next;
  private Timing reading = Timing.ZERO;
  private Timing writing = Timing.ZERO;
  private Timing.Start writeClock;

  ChunkedRows(Iterator<Object[]> source, int chunkSize) {
    this.source = source;
    this.chunkSize = chunkSize;
    this.writeClock = Timing.start();
  }

  @Override
  public boolean hasNext() {
    if (next < chunk.size()) {
      return true;
    }
    pauseWriting();
    chunk.clear();
    next = 0;
    Timing.Start readClock = Timing.start();
    while (chunk.size() < chunkSize && source.hasNext()) {
      chunk.add(source.next());
    }
    reading = reading.plus(readClock.stop());
    writeClock = Timing.start();
    return !chunk.isEmpty();
  }

  @Override
  public Object[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return chunk.get(next++);
  }

  /** Time spent reading and casting the rows. */
  Timing reading() {
    return reading;
  }

  /** Time the writer had the rows, up to this call (which stops its clock). */
  Timing writing() {
    pauseWriting();
    return writing;
  }

  private void pauseWriting() {
    if (writeClock != null) {
      writing = writing.plus(writeClock.stop());
      writeClock = null;
    }
  }
}
