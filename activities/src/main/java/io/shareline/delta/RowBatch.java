package io.shareline.delta;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.StructType;
import java.util.List;

/** A Kernel batch over rows given as {@code Object[]}, one array per row in schema field order. */
final class RowBatch implements ColumnarBatch {

  private final StructType schema;
  private final List<Object[]> rows;

  RowBatch(StructType schema, List<Object[]> rows) {
    this.schema = schema;
    this.rows = List.copyOf(rows);
    for (Object[] row : this.rows) {
      if (row.length != schema.length()) {
        throw new IllegalArgumentException(
            "row has " + row.length + " values, schema has " + schema.length() + " fields");
      }
    }
  }

  @Override
  public StructType getSchema() {
    return schema;
  }

  @Override
  public ColumnVector getColumnVector(int ordinal) {
    return new ObjectColumnVector(schema.at(ordinal).getDataType(), rows.size(), i -> rows.get(i)[ordinal]);
  }

  @Override
  public int getSize() {
    return rows.size();
  }
}
