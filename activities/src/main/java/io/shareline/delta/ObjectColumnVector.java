package io.shareline.delta;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DecimalType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A Kernel column over plain Java values: String, Double, Long/Integer, Boolean, Integer days (date),
 * Long micros UTC (timestamp), BigDecimal, java.util.List (array), or null.
 */
final class ObjectColumnVector implements ColumnVector {

  private final DataType type;
  private final int size;
  private final IntFunction<Object> values;

  ObjectColumnVector(DataType type, int size, IntFunction<Object> values) {
    this.type = type;
    this.size = size;
    this.values = values;
  }

  @Override
  public DataType getDataType() {
    return type;
  }

  @Override
  public int getSize() {
    return size;
  }

  @Override
  public void close() {}

  @Override
  public boolean isNullAt(int rowId) {
    return values.apply(rowId) == null;
  }

  @Override
  public boolean getBoolean(int rowId) {
    return (Boolean) value(rowId);
  }

  @Override
  public byte getByte(int rowId) {
    return number(rowId).byteValue();
  }

  @Override
  public short getShort(int rowId) {
    return number(rowId).shortValue();
  }

  @Override
  public int getInt(int rowId) {
    return Math.toIntExact(number(rowId).longValue());
  }

  @Override
  public long getLong(int rowId) {
    return number(rowId).longValue();
  }

  @Override
  public float getFloat(int rowId) {
    return number(rowId).floatValue();
  }

  @Override
  public double getDouble(int rowId) {
    return number(rowId).doubleValue();
  }

  @Override
  public String getString(int rowId) {
    return (String) value(rowId);
  }

  @Override
  public byte[] getBinary(int rowId) {
    return (byte[]) value(rowId);
  }

  @Override
  public BigDecimal getDecimal(int rowId) {
    BigDecimal decimal = (BigDecimal) value(rowId);
    DecimalType decimalType = (DecimalType) type;
    // Rounding is the caster's decision (cast policy), never a silent one here.
    BigDecimal scaled = decimal.setScale(decimalType.getScale(), RoundingMode.UNNECESSARY);
    if (scaled.precision() > decimalType.getPrecision()) {
      throw new IllegalArgumentException(decimal + " does not fit " + DeltaTypes.describe(type));
    }
    return scaled;
  }

  @Override
  public ArrayValue getArray(int rowId) {
    List<?> list = (List<?>) value(rowId);
    DataType elementType = ((ArrayType) type).getElementType();
    ColumnVector elements = new ObjectColumnVector(elementType, list.size(), list::get);
    return new ArrayValue() {
      @Override
      public int getSize() {
        return list.size();
      }

      @Override
      public ColumnVector getElements() {
        return elements;
      }
    };
  }

  private Object value(int rowId) {
    if (rowId < 0 || rowId >= size) {
      throw new IndexOutOfBoundsException(rowId + " of " + size);
    }
    return values.apply(rowId);
  }

  private Number number(int rowId) {
    return (Number) value(rowId);
  }
}
