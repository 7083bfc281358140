package io.shareline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.TextNode;
import io.shareline.schema.SourceType;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CanonicalDateTest {

  private static final SourceType DATE = SourceType.of(SourceType.Kind.DATE);
  private static final SourceType DATETIME = SourceType.of(SourceType.Kind.DATETIME);

  @Test
  void isoDatesCastAsLocalDateParseReadsThem() {
    for (String text : List.of("2024-02-29", "2023-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
        "0000-01-01", "9999-12-31", "1969-12-31", "2026-1-05", "2026-01-5", "2026/01/05", "+2026-01-05", "2026-01-0x")) {
      assertCastAsLocalDateParseReadsIt(text);
    }
  }

  @Test
  void randomDatesCastAsLocalDateParseReadsThem() {
    Random random = new Random(20261123);
    for (int i = 0; i < 100_000; i++) {
      String text = String.format(Locale.ROOT, "%04d-%02d-%02d", random.nextInt(10_000), random.nextInt(14), random.nextInt(33));
      assertCastAsLocalDateParseReadsIt(text);
    }
  }

  @Test
  void randomCanonicalDateTimesCastAsTheIsoParserReadsThem() {
    Random random = new Random(11);
    for (int i = 0; i < 100_000; i++) {
      int places = random.nextInt(11) - 1; // -1: no fraction, 0: a bare dot
      StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d",
          random.nextInt(10_000), 1 + random.nextInt(12), 1 + random.nextInt(31), random.nextInt(26),
          random.nextInt(62), random.nextInt(62)));
      if (places >= 0) {
        text.append('.');
        for (int p = 0; p < places; p++) {
          text.append((char) ('0' + random.nextInt(10)));
        }
      }
      String s = text.append('Z').toString();
      Long expected;
      try {
        Instant instant = ZonedDateTime.from(DateTimeFormatter.ISO_DATE_TIME.parse(s)).toInstant();
        expected = instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
      } catch (DateTimeException e) {
        expected = null;
      }

      assertEquals(expected, new ValueCaster().cast(TextNode.valueOf(s), DATETIME), s);
    }
  }

  private static void assertCastAsLocalDateParseReadsIt(String text) {
    Integer expected;
    try {
      expected = (int) LocalDate.parse(text).toEpochDay();
    } catch (DateTimeException e) {
      expected = null;
    }

    assertEquals(expected, new ValueCaster().cast(TextNode.valueOf(text), DATE), text);
  }
}
