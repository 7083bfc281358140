package io.shareline.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.TimestampType;
import io.shareline.schema.SourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeltaTypesTest {

  @ParameterizedTest
  @ValueSource(strings = {"STRING", "LINK", "IMAGE", "EMAIL", "PHONE", "OBJECT"})
  void textualKindsBecomeStrings(String kind) {
    assertEquals(StringType.STRING, DeltaTypes.of(SourceType.parse(kind)));
  }

  @Test
  void scalarKindsMapToTheirDeltaTypes() {
    assertEquals(DoubleType.DOUBLE, DeltaTypes.of(SourceType.parse("NUMBER")));
    assertEquals(LongType.LONG, DeltaTypes.of(SourceType.parse("INTEGER")));
    assertEquals(BooleanType.BOOLEAN, DeltaTypes.of(SourceType.parse("BOOLEAN")));
    assertEquals(DateType.DATE, DeltaTypes.of(SourceType.parse("DATE")));
    assertEquals(TimestampType.TIMESTAMP, DeltaTypes.of(SourceType.parse("DATETIME")));
    assertEquals(new DecimalType(38, 6), DeltaTypes.of(SourceType.parse("MONEY")));
  }

  @Test
  void arraysMapTheirElementsAndAllowNullElements() {
    assertEquals(
        new ArrayType(new ArrayType(new DecimalType(38, 6), true), true),
        DeltaTypes.of(SourceType.parse("ARRAY<ARRAY<MONEY>>")));
  }

  @Test
  void describeGivesShortSqlLikeNames() {
    assertEquals("string", DeltaTypes.describe(DeltaTypes.of(SourceType.parse("EMAIL"))));
    assertEquals("decimal(38,6)", DeltaTypes.describe(DeltaTypes.of(SourceType.parse("MONEY"))));
    assertEquals("array<string>", DeltaTypes.describe(DeltaTypes.of(SourceType.parse("ARRAY<STRING>"))));
    assertEquals("array<array<bigint>>", DeltaTypes.describe(DeltaTypes.of(SourceType.parse("ARRAY<ARRAY<INTEGER>>"))));
    assertEquals("timestamp", DeltaTypes.describe(DeltaTypes.of(SourceType.parse("DATETIME"))));
    assertEquals("date", DeltaTypes.describe(DeltaTypes.of(SourceType.parse("DATE"))));
  }
}
