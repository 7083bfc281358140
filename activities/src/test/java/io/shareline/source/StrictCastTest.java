package io.shareline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareline.connector.spec.DeliverySettings.CastPolicy;
import io.shareline.schema.SourceType;
import org.junit.jupiter.api.Test;

class StrictCastTest {

  private final ValueCaster strict = new ValueCaster(CastPolicy.STRICT);

  private static JsonNode json(String text) throws Exception {
    return SourceFixture.JSON.readTree(text);
  }

  @Test
  void aValueThatFitsCastsAsUnderLenient() throws Exception {
    assertEquals(42L, strict.cast(json("\"42\""), SourceType.parse("INTEGER")));
  }

  @Test
  void nullIsNoViolation() throws Exception {
    assertNull(strict.cast(json("null"), SourceType.parse("INTEGER")));
  }

  @Test
  void aValueThatDoesNotFitThrowsWithItsKindAndTheTypeButNotTheValue() throws Exception {
    CastMismatch e = assertThrows(CastMismatch.class, () -> strict.cast(json("\"secret-7x\""), SourceType.parse("INTEGER")));

    assertEquals("string", e.jsonKind());
    assertEquals(SourceType.parse("INTEGER"), e.expected());
    assertFalse(e.getMessage().contains("secret-7x"), e.getMessage());
  }

  @Test
  void anArrayElementThatDoesNotFitNamesTheElementKindAndType() throws Exception {
    CastMismatch e = assertThrows(CastMismatch.class, () -> strict.cast(json("[1, {}]"), SourceType.parse("ARRAY<INTEGER>")));

    assertEquals("object", e.jsonKind());
    assertEquals(SourceType.parse("INTEGER"), e.expected());
  }

  @Test
  void strictNeverCountsRejections() throws Exception {
    assertThrows(CastMismatch.class, () -> strict.cast(json("true"), SourceType.parse("DATE")));

    assertEquals(0, strict.rejected());
  }
}
