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
  void symbolsAroundAWordCollapseAndLeaveNoUnderscoreAtTheEnds() {
    assertEquals(List.of("preis", "salary_min", "a_b"), columns("Preis (€)", "Salary -- (min)", "a__b_"));
  }

  @Test
  void everyCharacterDeltaRejectsInAColumnNameIsReplaced() {
    assertEquals(List.of("a_b_c_d_e_f_g_h_i_j_k"), columns("a b,c;d{e}f(g)h\ni\tj=k"));
  }

  @Test
  void caseOnlyDifferencesResolveInFieldOrder() {
    assertEquals(List.of("price", "price_2"), columns("Price", "price"));
    assertEquals(List.of("price", "price_2"), columns("price", "Price"));
  }

  @Test
  void accentedLettersStayAsTheyAreInLowerCase() {
    assertEquals(List.of("café", "crème_brûlée", "zürich", "straße"),
        columns("Café", "Crème brûlée", "ZÜRICH", "Straße"));
  }

  @Test
  void aDecomposedAccentIsTheSameColumnAsTheComposedOne() {
    assertEquals(List.of("café", "café_2"), columns("Café", "Cafe\u0301"));
  }

  @Test
  void lettersAndDigitsOfAnyScriptAreKept() {
    assertEquals(List.of("名前", "価格_円", "שם_לקוח", "السعر", "नाम", "ราคา", "цена_٣"),
        columns("名前", "価格（円）", "שם לקוח", "السعر (€)", "नाम", "ราคา", "Цена ٣"));
  }

  @Test
  void emojiAndOtherSymbolsAreReplaced() {
    assertEquals(List.of("rating_avg", "unnamed", "unnamed_2"), columns("Rating ⭐️ avg", "😀", "👍🏽"));
  }

  @Test
  void aNameMayStartWithADigit() {
    assertEquals(List.of("1st_seen", "2024"), columns("1st seen", "2024"));
  }

  @Test
  void sqlKeywordsStayAsTheyAre() {
    assertEquals(List.of("select", "from", "table"), columns("select", "FROM", "Table"));
  }

  @Test
  void aNameWithNothingUsableBecomesUnnamed() {
    assertEquals(List.of("unnamed", "unnamed_2"), columns("!!!", "???"));
  }

  @Test
  void longNamesAreCutTo255Characters() {
    assertEquals(List.of("a".repeat(255), "名".repeat(255)), columns("a".repeat(300), "名".repeat(300)));
  }

  @Test
  void aCutNeverEndsInAnUnderscore() {
    assertEquals(List.of("a".repeat(254)), columns("a".repeat(254) + " b"));
  }

  @Test
  void collidingLongNamesKeepTheirSuffixWithin255Characters() {
    assertEquals(List.of("a".repeat(255), "a".repeat(253) + "_2"), columns("a".repeat(300), "A".repeat(256)));
  }

  @Test
  void theSameFieldsAlwaysGiveTheSameColumns() {
    String[] names = {"Price", "price", "select", "Café", "a.b", "a b", "!!!", "名前"};

    assertEquals(columns(names), columns(names));
  }
}
