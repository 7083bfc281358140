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

  /** Writes one non-null value of a column. */
  @FunctionalInterface
  private interface ValueWriter {
    void write(RecordConsumer out, Object value);
  }

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
        writers[i].write(out, row[i]);
        out.endField(names[i], i);
      }
    }
    out.endMessage();
  }

  private static ValueWriter writer(DataType type) {
    if (type instanceof StringType) {
      return (out, v) -> out.addBinary(Binary.fromString((String) v));
    }
    if (type instanceof BooleanType) {
      return (out, v) -> out.addBoolean((Boolean) v);
    }
    if (type instanceof ByteType) {
      return (out, v) -> out.addInteger(((Number) v).byteValue());
    }
    if (type instanceof ShortType) {
      return (out, v) -> out.addInteger(((Number) v).shortValue());
    }
    if (type instanceof IntegerType || type instanceof DateType) {
      return (out, v) -> out.addInteger(Math.toIntExact(((Number) v).longValue()));
    }
    if (type instanceof LongType || type instanceof TimestampType || type instanceof TimestampNTZType) {
      return (out, v) -> out.addLong(((Number) v).longValue());
    }
    if (type instanceof FloatType) {
      return (out, v) -> out.addFloat(((Number) v).floatValue());
    }
    if (type instanceof DoubleType) {
      return (out, v) -> out.addDouble(((Number) v).doubleValue());
    }
    if (type instanceof DecimalType decimal) {
      return decimalWriter(decimal);
    }
    if (type instanceof ArrayType array) {
      ValueWriter element = writer(array.getElementType());
      return (out, v) -> writeList(out, (List<?>) v, element);
    }
    throw new IllegalArgumentException("no Parquet writer for " + DeltaTypes.describe(type));
  }

  private static void writeList(RecordConsumer out, List<?> values, ValueWriter element) {
    out.startGroup();
    if (!values.isEmpty()) {
      out.startField("list", 0);
      for (Object e : values) {
        out.startGroup();
        if (e != null) {
          out.startField("element", 0);
          element.write(out, e);
          out.endField("element", 0);
        }
        out.endGroup();
      }
      out.endField("list", 0);
    }
    out.endGroup();
  }

  private static ValueWriter decimalWriter(DecimalType type) {
    if (ParquetLayout.storesAsInt(type)) {
      return (out, v) -> out.addInteger(scaled(v, type).unscaledValue().intValue());
    }
    if (ParquetLayout.storesAsLong(type)) {
      return (out, v) -> out.addLong(scaled(v, type).unscaledValue().longValue());
    }
    int length = ParquetLayout.decimalBytes(type.getPrecision());
    return (out, v) -> out.addBinary(Binary.fromConstantByteArray(fixedBytes(scaled(v, type), length)));
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
