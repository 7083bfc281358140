package io.shareline.delta;

import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/** Cuts a row stream into batches lazily, so at most one batch of rows is held at a time. */
final class RowBatches implements CloseableIterator<FilteredColumnarBatch> {

  private final StructType schema;
  private final Iterator<Object[]> rows;
  private final int rowsPerBatch;
  private FilteredColumnarBatch first;

  RowBatches(StructType schema, Iterator<Object[]> rows, int rowsPerBatch) {
    if (rowsPerBatch < 1) {
      throw new IllegalArgumentException("rowsPerBatch must be positive: " + rowsPerBatch);
    }
    this.schema = schema;
    this.rows = rows;
    this.rowsPerBatch = rowsPerBatch;
  }

  /** Reads the first batch ahead: true when it holds every row (the file will be small). */
  boolean fitsInOneBatch() {
    if (first == null && rows.hasNext()) {
      first = next();
    }
    return !rows.hasNext();
  }

  @Override
  public boolean hasNext() {
    return first != null || rows.hasNext();
  }

  @Override
  public FilteredColumnarBatch next() {
    if (first != null) {
      FilteredColumnarBatch batch = first;
      first = null;
      return batch;
    }
    if (!rows.hasNext()) {
      throw new NoSuchElementException();
    }
    List<Object[]> batch = new ArrayList<>(rowsPerBatch);
    while (batch.size() < rowsPerBatch && rows.hasNext()) {
      batch.add(rows.next());
    }
    return new FilteredColumnarBatch(new RowBatch(schema, batch), Optional.empty());
  }

  @Override
  public void close() {
    if (rows instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the row source", e);
      }
    }
  }
}
