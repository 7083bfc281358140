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
import io.delta.kernel.types.TimestampType;
import io.shareline.schema.SourceType;

/** Maps source contract types to the Delta types they are published as. */
public final class DeltaTypes {

  /** Money keeps six decimals so sub-cent prices and exchange-rate products survive exactly. */
  public static final DecimalType MONEY = new DecimalType(38, 6);

  private DeltaTypes() {}

  public static DataType of(SourceType type) {
    return switch (type.kind()) {
      case STRING, LINK, IMAGE, EMAIL, PHONE -> StringType.STRING;
      // OBJECT travels as its JSON text: recipients get a stable column type whatever the shape.
      case OBJECT -> StringType.STRING;
      case NUMBER -> DoubleType.DOUBLE;
      case INTEGER -> LongType.LONG;
      case BOOLEAN -> BooleanType.BOOLEAN;
      case DATE -> DateType.DATE;
      case DATETIME -> TimestampType.TIMESTAMP;
      case MONEY -> MONEY;
      case ARRAY -> new ArrayType(of(type.element()), true);
    };
  }

  /** A short, SQL-like name: {@code string}, {@code decimal(38,6)}, {@code array<string>}. */
  public static String describe(DataType type) {
    if (type instanceof ArrayType array) {
      return "array<" + describe(array.getElementType()) + ">";
    }
    if (type instanceof DecimalType decimal) {
      return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
    }
    if (type instanceof StringType) {
      return "string";
    }
    if (type instanceof LongType) {
      return "bigint";
    }
    if (type instanceof IntegerType) {
      return "int";
    }
    if (type instanceof ShortType) {
      return "smallint";
    }
    if (type instanceof ByteType) {
      return "tinyint";
    }
    if (type instanceof DoubleType) {
      return "double";
    }
    if (type instanceof FloatType) {
      return "float";
    }
    if (type instanceof BooleanType) {
      return "boolean";
    }
    if (type instanceof DateType) {
      return "date";
    }
    if (type instanceof TimestampType) {
      return "timestamp";
    }
    return type.toString().toLowerCase(java.util.Locale.ROOT);
  }
}
