package io.shareline.delta;

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
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema Delta Kernel's default writer gives a Delta schema without column mapping: logical
 * names, INT64 UTC-adjusted microsecond timestamps, decimals as INT32 / INT64 / fixed bytes by precision,
 * arrays in the 3-level LIST layout. Covers the flat and array types Shareline writes; {@link #supports}
 * says whether a schema is one of them.
 */
public final class ParquetLayout {

  /** Kernel's name for the message type. */
  static final String MESSAGE_NAME = "DefaultKernelSchema";
  private static final int MAX_INT_DIGITS = 9;
  private static final int MAX_LONG_DIGITS = 18;

  private ParquetLayout() {}

  /** True when every column is of a type {@link #messageType} and {@link RowWriteSupport} handle. */
  static boolean supports(StructType schema) {
    for (StructField field : schema.fields()) {
      if (!supports(field.getDataType()) || !field.getMetadata().getEntries().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** The Parquet schema Kernel writes for {@code schema} (no column mapping: logical names). */
  public static MessageType messageType(StructType schema) {
    List<Type> fields = new ArrayList<>();
    for (StructField f : schema.fields()) {
      fields.add(type(f.getName(), f.getDataType(), f.isNullable()));
    }
    return new MessageType(MESSAGE_NAME, fields);
  }

  /** Bytes of a fixed-length decimal of {@code precision} digits, as Kernel sizes them. */
  static int decimalBytes(int precision) {
    int bytes = 1;
    while (Math.pow(2.0, 8 * bytes - 1) < Math.pow(10.0, precision)) {
      bytes++;
    }
    return bytes;
  }

  static boolean storesAsInt(DecimalType decimal) {
    return decimal.getPrecision() <= MAX_INT_DIGITS;
  }

  static boolean storesAsLong(DecimalType decimal) {
    return decimal.getPrecision() <= MAX_LONG_DIGITS;
  }

  private static boolean supports(DataType type) {
    if (type instanceof ArrayType array) {
      return supports(array.getElementType());
    }
    return type instanceof StringType || type instanceof BooleanType || type instanceof ByteType
        || type instanceof ShortType || type instanceof IntegerType || type instanceof LongType
        || type instanceof FloatType || type instanceof DoubleType || type instanceof DecimalType
        || type instanceof DateType || type instanceof TimestampType || type instanceof TimestampNTZType;
  }

  private static Type type(String name, DataType type, boolean nullable) {
    Type.Repetition rep = nullable ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
    if (type instanceof BooleanType) {
      return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
    }
    if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType) {
      return Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
    }
    if (type instanceof LongType) {
      return Types.primitive(PrimitiveTypeName.INT64, rep).named(name);
    }
    if (type instanceof FloatType) {
      return Types.primitive(PrimitiveTypeName.FLOAT, rep).named(name);
    }
    if (type instanceof DoubleType) {
      return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
    }
    if (type instanceof DecimalType d) {
      LogicalTypeAnnotation annotation = LogicalTypeAnnotation.decimalType(d.getScale(), d.getPrecision());
      if (storesAsInt(d)) {
        return Types.primitive(PrimitiveTypeName.INT32, rep).as(annotation).named(name);
      }
      if (storesAsLong(d)) {
        return Types.primitive(PrimitiveTypeName.INT64, rep).as(annotation).named(name);
      }
      return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep).as(annotation)
          .length(decimalBytes(d.getPrecision())).named(name);
    }
    if (type instanceof StringType) {
      return Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(name);
    }
    if (type instanceof DateType) {
      return Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.dateType()).named(name);
    }
    if (type instanceof TimestampType) {
      return Types.primitive(PrimitiveTypeName.INT64, rep)
          .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS)).named(name);
    }
    if (type instanceof TimestampNTZType) {
      return Types.primitive(PrimitiveTypeName.INT64, rep)
          .as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS)).named(name);
    }
    if (type instanceof ArrayType a) {
      return Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
          .addField(Types.repeatedGroup().addField(type("element", a.getElementType(), a.containsNull())).named("list"))
          .named(name);
    }
    throw new IllegalArgumentException("no Parquet layout for " + DeltaTypes.describe(type));
  }
}
