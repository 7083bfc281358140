package io.shareline.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.schema.PublicField;
import io.shareline.source.RowStream;
import io.shareline.source.ValueCaster;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Source rows as typed table rows, one at a time: public fields cast in column order (private ones are
 * never read), then the delivery columns. Counts per field the values that did not fit and became null.
 */
final class StagedRows implements Iterator<Object[]> {
  private final RowStream rows;
  private final List<PublicField> fields;
  private final ValueCaster[] casters;
  private final String jobId;
  private final long finishedAtMicros;
  private final long deliveredAtMicros;

  StagedRows(RowStream rows, List<PublicField> fields, String jobId, long finishedAtMicros, long deliveredAtMicros) {
    this.rows = rows;
    this.fields = fields;
    this.casters = new ValueCaster[fields.size()];
    for (int i = 0; i < casters.length; i++) {
      casters[i] = new ValueCaster();
    }
    this.jobId = jobId;
    this.finishedAtMicros = finishedAtMicros;
    this.deliveredAtMicros = deliveredAtMicros;
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
      PublicField field = fields.get(i);
      out[i] = casters[i].cast(row.get(field.sourceName()), field.type());
    }
    out[fields.size()] = jobId;
    out[fields.size() + 1] = finishedAtMicros;
    out[fields.size() + 2] = deliveredAtMicros;
    return out;
  }

  /** Values nulled by the lenient cast, per source field (fields with none are left out). */
  Map<String, Long> nulledByField() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < casters.length; i++) {
      if (casters[i].rejected() > 0) {
        out.put(fields.get(i).sourceName(), casters[i].rejected());
      }
    }
    return out;
  }
}
