package io.shareline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.shareline.schema.SourceType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueCasterTest {

  private final ValueCaster caster = new ValueCaster();

  private Object cast(String json, String type) {
    try {
      return caster.cast(SourceFixture.JSON.readTree(json), SourceType.parse(type));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode json(String text) throws Exception {
    return SourceFixture.JSON.readTree(text);
  }

  private void assertRejected(String json, String type) {
    long before = caster.rejected();
    assertNull(cast(json, type), json + " as " + type);
    assertEquals(before + 1, caster.rejected(), "rejection of " + json + " as " + type + " was not counted");
  }

  private static long micros(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
  }

  @Test
  void jsonNullAndMissingValueAreNullWithoutCounting() {
    assertNull(cast("null", "INTEGER"));
    assertNull(caster.cast(MissingNode.getInstance(), SourceType.parse("STRING")));
    assertNull(caster.cast(null, SourceType.parse("STRING")));
    assertEquals(0, caster.rejected());
  }

  @Test
  void textTypesKeepStringsAndTakeTheTextOfOtherScalars() {
    for (String type : List.of("STRING", "LINK", "IMAGE", "EMAIL", "PHONE")) {
      assertEquals("a@b.c", cast("\"a@b.c\"", type));
    }
    assertEquals("42", cast("42", "PHONE"));
    assertEquals("true", cast("true", "STRING"));
    assertRejected("{\"a\":1}", "STRING");
    assertRejected("[1]", "LINK");
  }

  @Test
  void numberTakesNumbersAndNumericStrings() {
    assertEquals(3.5, cast("3.5", "NUMBER"));
    assertEquals(7.0, cast("7", "NUMBER"));
    assertEquals(-1.25e3, cast("\" -1.25e3 \"", "NUMBER"));
    assertRejected("\"4.5 out of 5\"", "NUMBER");
    assertRejected("\"NaN\"", "NUMBER");
    assertRejected("true", "NUMBER");
    assertRejected("\"1e999\"", "NUMBER");
  }

  @Test
  void integerTakesIntegralNumbersAndStringsButNotFractions() {
    assertEquals(42L, cast("42", "INTEGER"));
    assertEquals(3L, cast("3.0", "INTEGER"));
    assertEquals(-12L, cast("\"-12\"", "INTEGER"));
    assertEquals(1200L, cast("\"1.2e3\"", "INTEGER"));
    assertRejected("3.5", "INTEGER");
    assertRejected("\"3.5\"", "INTEGER");
    assertRejected("\"many\"", "INTEGER");
    assertRejected("99999999999999999999", "INTEGER");
    assertRejected("1e400", "INTEGER"); // infinity as a double: was an unclassified NumberFormatException
  }

  @Test
  void booleanTakesBooleansAndTheirWords() {
    assertEquals(true, cast("true", "BOOLEAN"));
    assertEquals(false, cast("\"False\"", "BOOLEAN"));
    assertRejected("\"maybe\"", "BOOLEAN");
    assertRejected("1", "BOOLEAN");
  }

  @Test
  void dateBecomesDaysSinceEpochFromDateOrUtcDateOfADateTime() {
    assertEquals((int) LocalDate.parse("2026-01-05").toEpochDay(), cast("\"2026-01-05\"", "DATE"));
    assertEquals((int) LocalDate.parse("2026-01-04").toEpochDay(), cast("\"2026-01-05T01:00:00+02:00\"", "DATE"));
    assertEquals((int) LocalDate.parse("1969-12-31").toEpochDay(), cast("\"1969-12-31\"", "DATE"));
    assertRejected("\"yesterday\"", "DATE");
    assertRejected("\"05/01/2026\"", "DATE");
    assertRejected("20260105", "DATE");
  }

  @Test
  void dateTimeBecomesUtcMicrosFromIsoWithOffsetLocalOrEpochMillis() {
    long expected = micros("2026-01-05T08:30:00.123456Z");
    assertEquals(expected, cast("\"2026-01-05T08:30:00.123456Z\"", "DATETIME"));
    assertEquals(expected, cast("\"2026-01-05T10:30:00.123456+02:00\"", "DATETIME"));
    assertEquals(expected, cast("\"2026-01-05T08:30:00.123456\"", "DATETIME"));
    assertEquals(expected, cast("\"2026-01-05 08:30:00.123456\"", "DATETIME"));
    assertEquals(micros("2026-01-05T08:30:00.123Z"),
        cast(Long.toString(Instant.parse("2026-01-05T08:30:00.123Z").toEpochMilli()), "DATETIME"));
    assertRejected("\"soon\"", "DATETIME");
    assertRejected("true", "DATETIME");
    assertRejected(Long.toString(Long.MAX_VALUE), "DATETIME");
  }

  @Test
  void canonicalUtcDateTimesParseAsTheGeneralIsoParserDoes() {
    for (String text : List.of("2026-01-05T08:30:00Z", "2026-01-05T08:30:00.1Z", "2026-01-05T08:30:00.123456789Z",
        "1969-12-31T23:59:59.999Z", "2024-02-29T00:00:00Z")) {
      assertEquals(Instant.parse(text), TextValues.parseInstant(text), text);
    }
    for (String text : List.of("2026-02-30T08:30:00Z", "2026-01-05T24:00:00Z", "2026-01-05T08:60:00Z",
        "2026-01-05T08:30:00.1234567890Z", "2026-01-05T08:3x:00Z")) {
      assertNull(TextValues.parseInstant(text), text);
    }
  }

  @Test
  void moneyBecomesScaleSixDecimalFromNumbersStringsWithCurrencyOrAmountObjects() {
    assertEquals(new BigDecimal("19.990000"), cast("19.99", "MONEY"));
    assertEquals(new BigDecimal("1234.500000"), cast("\"$1,234.50\"", "MONEY"));
    assertEquals(new BigDecimal("12.500000"), cast("\"EUR 12.5\"", "MONEY"));
    assertEquals(new BigDecimal("-3.000000"), cast("\"-US$3\"", "MONEY"));
    assertEquals(new BigDecimal("12.500000"), cast("\"12.50 EUR\"", "MONEY"));
    assertEquals(new BigDecimal("0.000001"), cast("\"0.0000005\"", "MONEY"));
    assertEquals(new BigDecimal("12.500000"), cast("{\"amount\": 12.5, \"currency\": \"EUR\"}", "MONEY"));
    assertEquals(new BigDecimal("7.000000"), cast("{\"amount\": \"€7\", \"currency\": \"EUR\"}", "MONEY"));
    assertRejected("\"N/A\"", "MONEY");
    assertRejected("\"1.234,50\"", "MONEY");
    assertRejected("{\"currency\": \"EUR\"}", "MONEY");
    assertRejected("1e40", "MONEY");
    assertRejected("1e400", "MONEY"); // infinity as a double: was an unclassified NumberFormatException
    assertRejected("-1e400", "MONEY");
  }

  @Test
  void arrayCastsEachElementAndNullsOnlyTheOnesThatDoNotFit() {
    assertEquals(List.of("a", "1"), cast("[\"a\", 1]", "ARRAY<STRING>"));
    assertEquals(Arrays.asList(1L, null, 3L), cast("[1, \"two\", 3]", "ARRAY<INTEGER>"));
    assertEquals(1, caster.rejected());
    assertEquals(List.of(List.of(1.5), List.of()), cast("[[1.5], []]", "ARRAY<ARRAY<NUMBER>>"));
    assertRejected("\"a,b\"", "ARRAY<STRING>");
  }

  @Test
  void objectBecomesCompactJsonWithoutPrivateKeysAtAnyDepth() {
    String value = "{ \"name\": \"Acme\", \"_internal_id\": 7,"
        + " \"stores\": [ {\"city\": \"Lyon\", \"_token\": \"x\"}, 5 ], \"owner\": {\"_id\": 1, \"n\": null} }";

    assertEquals("{\"name\":\"Acme\",\"stores\":[{\"city\":\"Lyon\"},5],\"owner\":{\"n\":null}}", cast(value, "OBJECT"));
    assertRejected("[1, 2]", "OBJECT");
    assertRejected("\"{}\"", "OBJECT");
  }

  @Test
  void arrayOfObjectsStripsPrivateKeysInEachElement() {
    assertEquals(List.of("{\"a\":1}"), cast("[{\"a\": 1, \"_b\": 2}]", "ARRAY<OBJECT>"));
  }

  @Test
  void stripPrivateLeavesTheInputUntouched() throws Exception {
    JsonNode input = json("{\"_a\": 1, \"b\": [{\"_c\": 2, \"d\": 3}]}");
    String before = input.toString();

    assertEquals(json("{\"b\": [{\"d\": 3}]}"), ValueCaster.stripPrivate(input));
    assertEquals(before, input.toString());
  }

  @Test
  void deltaTypesFollowTheMappingTable() {
    assertEquals("string", ValueCaster.deltaType(SourceType.parse("EMAIL")));
    assertEquals("string", ValueCaster.deltaType(SourceType.parse("OBJECT")));
    assertEquals("double", ValueCaster.deltaType(SourceType.parse("NUMBER")));
    assertEquals("long", ValueCaster.deltaType(SourceType.parse("INTEGER")));
    assertEquals("boolean", ValueCaster.deltaType(SourceType.parse("BOOLEAN")));
    assertEquals("date", ValueCaster.deltaType(SourceType.parse("DATE")));
    assertEquals("timestamp", ValueCaster.deltaType(SourceType.parse("DATETIME")));
    assertEquals("decimal(38,6)", ValueCaster.deltaType(SourceType.parse("MONEY")));
    assertEquals("array<array<long>>", ValueCaster.deltaType(SourceType.parse("ARRAY<ARRAY<INTEGER>>")));
  }
}
