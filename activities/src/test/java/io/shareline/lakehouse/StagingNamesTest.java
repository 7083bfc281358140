package io.shareline.lakehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.common.Failures;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StagingNamesTest {
  private static final Instant FINISHED = Instant.parse("2026-03-04T05:06:07Z");

  @Test
  void aFileNameTakesEveryValueFromTheRun() {
    StagingNames names = StagingNames.parse("{workflow}_{job}_{date}_{timestamp}_{part}");

    assertEquals("wf_1_job.2_2026-03-04_" + FINISHED.toEpochMilli() + "_00007.parquet",
        names.fileName("wf/1", "job.2", FINISHED, 7));
  }

  @Test
  void aPatternEndingInParquetGetsNoSecondSuffix() {
    assertEquals("wf-00000.parquet", StagingNames.parse("{workflow}-{part}.parquet").fileName("wf", "j", FINISHED, 0));
  }

  @Test
  void anInvalidPatternFailsAsConfigInvalidWithTheRulesMessage() {
    ApplicationFailure failure = assertThrows(ApplicationFailure.class, () -> StagingNames.parse("{workflow}-{job}"));

    assertEquals(Failures.CONFIG_INVALID.name(), failure.getType());
    assertTrue(failure.isNonRetryable());
    assertTrue(failure.getOriginalMessage().contains("needs {part}"), failure.getOriginalMessage());
  }
}
