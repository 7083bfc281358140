package io.shareline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.TextNode;
import io.shareline.schema.SourceType;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalDateTest {

  private static final SourceType DATE = SourceType.of(SourceType.Kind.DATE);

  @Test
  void isoDatesCastAsLocalDateParseReadsThem() {
    for (String text : List.of("2024-02-29", "2023-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
        "0000-01-01", "9999-12-31", "1969-12-31", "2026-1-05", "2026-01-5", "2026/01/05", "+2026-01-05", "2026-01-0x")) {
      Integer expected;
      try {
        expected = (int) LocalDate.parse(text).toEpochDay();
      } catch (DateTimeException e) {
        expected = null;
      }

      assertEquals(expected, new ValueCaster().cast(TextNode.valueOf(text), DATE), text);
    }
  }
}
