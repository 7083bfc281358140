package io.shareline.delta;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads up to a number of rows ahead to tell whether they are all there is, then hands every row on in
 * order; rows handed on are no longer held.
 */
final class RowLookahead implements Iterator<Object[]> {

  private final Iterator<Object[]> rows;
  private final ArrayDeque<Object[]> ahead;

  RowLookahead(Iterator<Object[]> rows, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("rowsPerBatch must be positive: " + limit);
    }
    this.rows = rows;
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
    if (!ahead.isEmpty()) {
      return ahead.poll();
    }
    if (!rows.hasNext()) {
      throw new NoSuchElementException();
    }
    return rows.next();
  }
}
