package io.shareline.delta;

import io.delta.kernel.Meta;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Hands rows given as {@code Object[]} (the Java forms {@link ObjectColumnVector} reads) to parquet-hadoop
 * in {@link ParquetLayout}'s layout, converting values exactly as Kernel's writer reads them from that
 * vector: a decimal is never rounded here, and one that does not fit its type fails the write.
 */
final class RowWriteSupport extends WriteSupport<Object[]> {

  /**
   * How one column's non-null values are written, decided once per column: writing switches on
   * {@link #kind} (one call site the JIT inlines, where a writer object per column made every value a
   * megamorphic call).
   */
  private record ValueWriter(Kind kind, DecimalType decimal, int decimalBytes, ValueWriter element) {}

  private enum Kind { STRING, BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, DECIMAL_INT, DECIMAL_LONG, DECIMAL_FIXED, LIST }

  private final MessageType message;
  private final String[] names;
  private final ValueWriter[] writers;
  private RecordConsumer out;

  RowWriteSupport(StructType schema) {
    this.message = ParquetLayout.messageType(schema);
    List<StructField> fields = schema.fields();
    this.names = new String[fields.size()];
    this.writers = new ValueWriter[fields.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = fields.get(i).getName();
      writers[i] = writer(fields.get(i).getDataType());
    }
  }

  @Override
  public String getName() {
    return "shareline-row-writer";
  }

  @Override
  public WriteContext init(Configuration configuration) {
    // The same file metadata Kernel's writer leaves, so files read the same whichever wrote them.
    return new WriteContext(message, Map.of("io.delta.kernel.default-parquet-writer", "Kernel-Defaults-" + Meta.KERNEL_VERSION));
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(Object[] row) {
    if (row.length != names.length) {
      throw new IllegalArgumentException("row has " + row.length + " values, schema has " + names.length + " fields");
    }
    out.startMessage();
    for (int i = 0; i < names.length; i++) {
      if (row[i] != null) {
        out.startField(names[i], i);
        write(writers[i], row[i]);
        out.endField(names[i], i);
      }
    }
    out.endMessage();
  }

  private void write(ValueWriter writer, Object v) {
    switch (writer.kind()) {
      case STRING -> out.addBinary(Binary.fromString((String) v));
      case BOOLEAN -> out.addBoolean((Boolean) v);
      case BYTE -> out.addInteger(((Number) v).byteValue());
      case SHORT -> out.addInteger(((Number) v).shortValue());
      case INT -> out.addInteger(Math.toIntExact(((Number) v).longValue()));
      case LONG -> out.addLong(((Number) v).longValue());
      case FLOAT -> out.addFloat(((Number) v).floatValue());
      case DOUBLE -> out.addDouble(((Number) v).doubleValue());
      case DECIMAL_INT -> out.addInteger(scaled(v, writer.decimal()).unscaledValue().intValue());
      case DECIMAL_LONG -> out.addLong(scaled(v, writer.decimal()).unscaledValue().longValue());
      case DECIMAL_FIXED -> out.addBinary(Binary.fromConstantByteArray(
          fixedBytes(scaled(v, writer.decimal()), writer.decimalBytes())));
      case LIST -> writeList((List<?>) v, writer.element());
    }
  }

  private static ValueWriter writer(DataType type) {
    Kind kind;
    if (type instanceof StringType) {
      kind = Kind.STRING;
    } else if (type instanceof BooleanType) {
      kind = Kind.BOOLEAN;
    } else if (type instanceof ByteType) {
      kind = Kind.BYTE;
    } else if (type instanceof ShortType) {
      kind = Kind.SHORT;
    } else if (type instanceof IntegerType || type instanceof DateType) {
      kind = Kind.INT;
    } else if (type instanceof LongType || type instanceof TimestampType || type instanceof TimestampNTZType) {
      kind = Kind.LONG;
    } else if (type instanceof FloatType) {
      kind = Kind.FLOAT;
    } else if (type instanceof DoubleType) {
      kind = Kind.DOUBLE;
    } else if (type instanceof DecimalType decimal) {
      kind = ParquetLayout.storesAsInt(decimal) ? Kind.DECIMAL_INT
          : ParquetLayout.storesAsLong(decimal) ? Kind.DECIMAL_LONG : Kind.DECIMAL_FIXED;
      return new ValueWriter(kind, decimal, kind == Kind.DECIMAL_FIXED ? ParquetLayout.decimalBytes(decimal.getPrecision()) : 0, null);
    } else if (type instanceof ArrayType array) {
      return new ValueWriter(Kind.LIST, null, 0, writer(array.getElementType()));
    } else {
      throw new IllegalArgumentException("no Parquet writer for " + DeltaTypes.describe(type));
    }
    return new ValueWriter(kind, null, 0, null);
  }

  private void writeList(List<?> values, ValueWriter element) {
    out.startGroup();
    if (!values.isEmpty()) {
      out.startField("list", 0);
      for (Object e : values) {
        out.startGroup();
        if (e != null) {
          out.startField("element", 0);
          write(element, e);
          out.endField("element", 0);
        }
        out.endGroup();
      }
      out.endField("list", 0);
    }
    out.endGroup();
  }

  /** Rounding is the caster's decision (cast policy), never a silent one here. */
  private static BigDecimal scaled(Object value, DecimalType type) {
    BigDecimal scaled = ((BigDecimal) value).setScale(type.getScale(), RoundingMode.UNNECESSARY);
    if (scaled.precision() > type.getPrecision()) {
      throw new IllegalArgumentException("a value does not fit " + DeltaTypes.describe(type));
    }
    return scaled;
  }

  /** The unscaled value as {@code length} big-endian two's-complement bytes. */
  private static byte[] fixedBytes(BigDecimal d, int length) {
    byte[] unscaled = d.unscaledValue().toByteArray();
    if (unscaled.length == length) {
      return unscaled;
    }
    byte[] out = new byte[length];
    byte pad = (byte) (d.signum() < 0 ? 0xFF : 0);
    int lead = length - unscaled.length;
    for (int i = 0; i < lead; i++) {
      out[i] = pad;
    }
    System.arraycopy(unscaled, 0, out, lead, unscaled.length);
    return out;
  }
}
