package io.shareline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shareline.schema.FieldSpec;
import io.shareline.schema.PublicField;
import io.shareline.schema.SourceType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnNameRulesTest {

  private static List<String> columns(String... names) {
    List<FieldSpec> fields = Arrays.stream(names)
        .map(n -> new FieldSpec(n, SourceType.parse("STRING"), true, null, false)).toList();
    return PublicSchema.of(fields).fields().stream().map(PublicField::columnName).toList();
  }

  @Test
  void spacesAndDotsBecomeUnderscores() {
    assertEquals(List.of("unit_price", "seller_name"), columns("unit price", "seller.name"));
  }

  @Test
  void caseOnlyDifferencesResolveInFieldOrder() {
    assertEquals(List.of("price", "price_2"), columns("Price", "price"));
    assertEquals(List.of("price", "price_2"), columns("price", "Price"));
  }

  @Test
  void accentsAreTransliterated() {
    assertEquals(List.of("cafe", "creme_brulee", "zurich", "istanbul"),
        columns("Café", "Crème brûlée", "Zürich", "İstanbul"));
  }

  @Test
  void lettersWithoutASimpleTransliterationBecomeUnderscores() {
    assertEquals(List.of("stra_e", "c_", "c__2"), columns("Straße", "価格", "😀"));
  }

  @Test
  void reservedWordsGetATrailingUnderscore() {
    assertEquals(List.of("select_", "from_", "table_", "order_", "group_", "selection"),
        columns("select", "FROM", "Table", "order", "group", "selection"));
  }

  @Test
  void aReservedWordSuffixStillGivesWayToAnEarlierColumn() {
    assertEquals(List.of("select_", "select__2"), columns("select_", "Select"));
  }

  @Test
  void aNameWithNothingUsableBecomesAPrefixOnly() {
    assertEquals(List.of("c_", "c__2"), columns("!!!", "???"));
  }

  @Test
  void longNamesAreCutTo255Characters() {
    assertEquals(List.of("a".repeat(255)), columns("a".repeat(300)));
  }

  @Test
  void collidingLongNamesKeepTheirSuffixWithin255Characters() {
    assertEquals(List.of("a".repeat(255), "a".repeat(253) + "_2"), columns("a".repeat(300), "A".repeat(256)));
  }

  @Test
  void theSameFieldsAlwaysGiveTheSameColumns() {
    String[] names = {"Price", "price", "select", "Café", "a.b", "a b", "!!!"};

    assertEquals(columns(names), columns(names));
  }
}
