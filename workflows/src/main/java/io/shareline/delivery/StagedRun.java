package io.shareline.delivery;

import io.shareline.schema.PublicField;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What STAGE produced: typed Parquet files in the staging area plus the run's public schema. Holds
 * paths, counts and field names only, never a row value.
 */
public record StagedRun(
    RunRef run,
    String stagingPath,
    List<StagedFile> files,
    long rowCount,
    String fingerprint,
    List<PublicField> fields,
    DeliveryColumns deliveryColumns,
    RunTimes times,
    Map<String, Long> nulledByField) {

  /** One staged Parquet file. */
  public record StagedFile(String path, long size, long rowCount) {}

  /** Names of the delivery columns added to every row, chosen so they never collide. */
  public record DeliveryColumns(String jobId, String runFinishedAt, String deliveredAt) {}

  /** When the run started and finished at the source, and when it was staged for delivery. */
  public record RunTimes(Instant startedAt, Instant finishedAt, Instant stagedAt) {}

  public long nulledTotal() {
    return nulledByField.values().stream().mapToLong(Long::longValue).sum();
  }
}
