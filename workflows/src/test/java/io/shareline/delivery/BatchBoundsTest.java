package io.shareline.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchBoundsTest {
  private static final RunRef SMALL = new RunRef("wf1", "small");
  private static final RunRef LARGE = new RunRef("wf1", "large");
  private static final RunRef UNSIZED = new RunRef("wf1", "unsized");
  private final BatchBounds bounds = new BatchBounds(3, 100, Map.of(SMALL.key(), 40L, LARGE.key(), 500L));

  @Test
  void theFirstRunAlwaysFitsHoweverLarge() {
    assertTrue(bounds.admits(0, 0, LARGE));
  }

  @Test
  void aRunJoinsWhileTheSumStaysWithinTheBoundInclusive() {
    assertTrue(bounds.admits(1, 60, SMALL));
    assertFalse(bounds.admits(1, 61, SMALL));
  }

  @Test
  void nothingJoinsARunAlreadyOverTheBoundNotEvenARunOfUnknownSize() {
    assertFalse(bounds.admits(1, 500, UNSIZED));
  }

  @Test
  void aRunOfUnknownSizeCountsZeroBytes() {
    assertEquals(0, bounds.bytesOf(UNSIZED));
    assertTrue(bounds.admits(2, 100, UNSIZED));
  }

  @Test
  void theRunCountStillBoundsABatch() {
    assertFalse(bounds.admits(3, 0, UNSIZED));
  }

  @Test
  void runCountBoundsAloneIgnoreBytes() {
    assertTrue(BatchBounds.runs(3).admits(2, Long.MAX_VALUE - 1, UNSIZED));
  }
}
