package io.shareline.delivery.stages;

import io.shareline.common.Failures;
import io.shareline.connector.spec.DeliverySettings.CastPolicy;
import io.shareline.progress.Progress;
import io.shareline.schema.PublicField;
import io.shareline.source.ReadAhead;
import io.shareline.source.RowStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A run's source rows as typed table rows ({@link TypedRows}), parsed and cast on a reader thread of
 * their own while the caller writes them ({@link ReadAhead}): public fields cast in column order, then the
 * delivery columns. Counts per field the values that did not fit and became null; a value that does not
 * fit a strict field fails the run with {@link Failures#CAST_STRICT_VIOLATION}, after every row before
 * it. Heartbeats the rows handed out from the caller's thread, the activity's own. Close it (the Parquet
 * writer does) to stop the reader when the rows are not read to the end.
 */
public final class StagedRows implements Iterator<Object[]>, AutoCloseable {

  /** A public field and the cast policy it is delivered under. */
  public record CastField(PublicField field, CastPolicy policy) {}

  /** The delivery column values every row of the run carries. */
  public record Stamp(String jobId, long runFinishedAtMicros, long deliveredAtMicros) {}

  private static final int ROWS_PER_BEAT = 8_192;

  private final TypedRows typed;
  private final ReadAhead<Object[]> ahead;
  private long handedOut;

  public StagedRows(RowStream rows, List<CastField> fields, Stamp stamp) {
    this.typed = new TypedRows(rows, fields, stamp);
    this.ahead = new ReadAhead<>(typed, "shareline-rows " + rows.file());
  }

  @Override
  public boolean hasNext() {
    return ahead.hasNext();
  }

  @Override
  public Object[] next() {
    Object[] row = ahead.next();
    Progress.beat("rows read", ++handedOut, ROWS_PER_BEAT);
    return row;
  }

  /** Values nulled by the lenient cast, per source field (fields with none are left out); once every row was read. */
  Map<String, Long> nulledByField() {
    return typed.nulledByField();
  }

  @Override
  public void close() {
    ahead.close();
  }
}
