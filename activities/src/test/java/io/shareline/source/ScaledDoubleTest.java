package io.shareline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScaledDoubleTest {

  private static void assertLikeValueOf(double d, int scale) {
    BigDecimal fast = TextValues.scaledDouble(d, scale);
    if (fast != null) {
      assertEquals(BigDecimal.valueOf(d).setScale(scale, RoundingMode.HALF_UP), fast, d + " at scale " + scale);
    }
  }

  @Test
  void givesWhatValueOfGivesForDecimalsOfUpToEightPlaces() {
    Random random = new Random(3);
    int applied = 0;
    for (int i = 0; i < 2_000_000; i++) {
      int places = random.nextInt(9);
      long unscaled = random.nextLong() % (random.nextBoolean() ? 1_000_000L : 1_000_000_000_000_000L);
      double d = Double.parseDouble(BigDecimal.valueOf(unscaled, places).toString());
      assertLikeValueOf(d, 6);
      assertLikeValueOf(d, random.nextInt(7));
      applied += TextValues.scaledDouble(d, 6) != null ? 1 : 0;
    }
    assertTrue(applied > 500_000, "the shortcut applied to " + applied + " values");
  }

  @Test
  void givesWhatValueOfGivesForAnyBitPattern() {
    Random random = new Random(4);
    for (int i = 0; i < 2_000_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(d)) {
        assertLikeValueOf(d, 6);
      }
      assertLikeValueOf(random.nextDouble() * 1e9 - 5e8, 6);
    }
  }

  @Test
  void edgeValues() {
    for (double d : new double[] {0.0, -0.0, 0.1, 0.2 + 0.1, 1e-6, 5e-7, 4.9999999e-7, -5e-7, 1234.5, 0x1p29 - 1e-6,
        -(0x1p29 - 1e-6), 536870911.999999, 0.0000015, 2.675, 1.005, Double.MIN_VALUE, 99999.999999}) {
      assertLikeValueOf(d, 6);
      assertLikeValueOf(d, 2);
    }
    assertNull(TextValues.scaledDouble(0x1p29, 6), "beyond 2^29 doubles are too far apart");
    assertNull(TextValues.scaledDouble(Double.NaN, 6));
    assertNull(TextValues.scaledDouble(1e-7, 6), "no six-place decimal rounds to it");
  }
}
