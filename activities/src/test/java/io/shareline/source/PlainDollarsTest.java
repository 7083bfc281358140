package io.shareline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.TextNode;
import io.shareline.schema.SourceType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PlainDollarsTest {

  private static final SourceType MONEY = SourceType.of(SourceType.Kind.MONEY);
  /** ValueCaster's money expression, as the general path reads text. */
  private static final String CURRENCY = "(?:[A-Za-z]{0,3}\\p{Sc}|[A-Za-z]{3})";
  private static final Pattern EXPRESSION = Pattern.compile(
      "([+-])?\\s*(?:" + CURRENCY + "\\s*)?([+-])?\\s*"
          + "(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+)"
          + "\\s*(?:" + CURRENCY + ")?");

  @Test
  void dollarTextCastsAsTheMoneyExpressionReadsIt() {
    for (String text : Arrays.asList("1234.5", "$1,234.50", "$12", "12", "0", "$0.000001", "$1,234,567.891",
        "1,23", "$1,2345", "$,123", "$1.", "1.", ".5", "$.5", "$", "", "1,234", "12,345", "123,456,789",
        "1234,567", "$1,234.", "$1,234.5.6", "  $7.25 ", "$1,234,56", "0001,000", "$-5", "-$5", "$ 5", "5$",
        "1e3", "US$3", "$1,000,000,000,000,000,000,000,000,000,000,000", "99999999999999999999999999999999.9999995")) {

      assertEquals(expected(text), new ValueCaster().cast(TextNode.valueOf(text), MONEY), text);
    }
  }

  @Test
  void randomDollarTextCastsAsTheMoneyExpressionReadsIt() {
    Random random = new Random(5);
    for (int i = 0; i < 100_000; i++) {
      StringBuilder text = new StringBuilder(random.nextBoolean() ? "$" : "");
      int whole = 1 + random.nextInt(24);
      boolean grouped = random.nextBoolean();
      for (int d = whole; d > 0; d--) {
        text.append((char) ('0' + random.nextInt(10)));
        if (grouped && d > 1 && (d - 1) % 3 == 0) {
          text.append(',');
        }
      }
      int decimals = random.nextInt(10) - 1; // -1: no decimal point
      if (decimals >= 0) {
        text.append('.');
        for (int d = 0; d < decimals; d++) {
          text.append((char) ('0' + random.nextInt(10)));
        }
      }
      String s = text.toString();

      assertEquals(expected(s), new ValueCaster().cast(TextNode.valueOf(s), MONEY), s);
    }
  }

  private static BigDecimal expected(String text) {
    Matcher m = EXPRESSION.matcher(text.trim());
    if (!m.matches() || (m.group(1) != null && m.group(2) != null)) {
      return null;
    }
    String sign = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : "";
    BigDecimal d = new BigDecimal(sign + m.group(3).replace(",", ""));
    if (d.precision() - d.scale() > 32) {
      return null;
    }
    return d.setScale(6, RoundingMode.HALF_UP);
  }

}
