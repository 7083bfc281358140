package io.shareline.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.common.Failures;
import io.shareline.connector.DeliverySettings.CastPolicy;
import io.shareline.schema.PublicField;
import io.shareline.source.CastMismatch;
import io.shareline.source.RowStream;
import io.shareline.source.ValueCaster;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Source rows as typed table rows, one at a time: public fields cast in column order (private ones are
 * never read), then the delivery columns. Counts per field the values that did not fit and became null;
 * a value that does not fit a strict field fails the run with {@link Failures#CAST_STRICT_VIOLATION}.
 */
final class StagedRows implements Iterator<Object[]> {

  /** A public field and the cast policy it is delivered under. */
  record CastField(PublicField field, CastPolicy policy) {}

  /** The delivery column values every row of the run carries. */
  record Stamp(String jobId, long runFinishedAtMicros, long deliveredAtMicros) {}

  private final RowStream rows;
  private final List<CastField> fields;
  private final ValueCaster[] casters;
  private final Stamp stamp;

  StagedRows(RowStream rows, List<CastField> fields, Stamp stamp) {
    this.rows = rows;
    this.fields = List.copyOf(fields);
    this.casters = new ValueCaster[fields.size()];
    for (int i = 0; i < casters.length; i++) {
      casters[i] = new ValueCaster(fields.get(i).policy());
    }
    this.stamp = stamp;
  }

  @Override
  public boolean hasNext() {
    return rows.hasNext();
  }

  @Override
  public Object[] next() {
    ObjectNode row = rows.next();
    Object[] out = new Object[fields.size() + 3];
    for (int i = 0; i < fields.size(); i++) {
      PublicField field = fields.get(i).field();
      try {
        out[i] = casters[i].cast(row.get(field.sourceName()), field.type());
      } catch (CastMismatch e) {
        throw violation(field, e);
      }
    }
    out[fields.size()] = stamp.jobId();
    out[fields.size() + 1] = stamp.runFinishedAtMicros();
    out[fields.size() + 2] = stamp.deliveredAtMicros();
    return out;
  }

  /** Values nulled by the lenient cast, per source field (fields with none are left out). */
  Map<String, Long> nulledByField() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < casters.length; i++) {
      if (casters[i].rejected() > 0) {
        out.put(fields.get(i).field().sourceName(), casters[i].rejected());
      }
    }
    return out;
  }

  private RuntimeException violation(PublicField field, CastMismatch e) {
    String element = e.expected().equals(field.type()) ? "" : " element";
    return Failures.CAST_STRICT_VIOLATION.failure("strict field '" + field.sourceName() + "' (" + field.type()
        + ") in " + rows.file() + " line " + rows.lineNumber() + ": a JSON " + e.jsonKind() + element
        + " does not fit " + e.expected());
  }
}
