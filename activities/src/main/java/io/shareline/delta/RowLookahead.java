package io.shareline.delta;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads up to a number of rows ahead to tell whether they are all there is, then hands every row on in
 * order, reading the rows after those {@value #BLOCK_ROWS} at a time (or fewer, within the limit): the
 * reader and the writer each run over a block in turn instead of taking turns every row. Rows handed on
 * are no longer held.
 */
final class RowLookahead implements Iterator<Object[]> {

  static final int BLOCK_ROWS = 256;

  private final Iterator<Object[]> rows;
  private final ArrayDeque<Object[]> ahead;
  private final int block;

  RowLookahead(Iterator<Object[]> rows, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("rowsPerBatch must be positive: " + limit);
    }
    this.rows = rows;
    this.block = Math.min(limit, BLOCK_ROWS);
    this.ahead = new ArrayDeque<>(Math.min(limit, 1024));
    while (ahead.size() < limit && rows.hasNext()) {
      ahead.add(rows.next());
    }
  }

  /** True when the rows read ahead are every row. */
  boolean allRead() {
    return !rows.hasNext();
  }

  @Override
  public boolean hasNext() {
    return !ahead.isEmpty() || rows.hasNext();
  }

  @Override
  public Object[] next() {
    if (ahead.isEmpty()) {
      for (int i = 0; i < block && rows.hasNext(); i++) {
        ahead.add(rows.next());
      }
      if (ahead.isEmpty()) {
        throw new NoSuchElementException();
      }
    }
    return ahead.poll();
  }
}
