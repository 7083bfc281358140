package io.shareline.source;

import io.shareline.schema.FieldSpec;
import java.time.Instant;
import java.util.List;

/**
 * One finished run as {@code run.json} describes it. Each field's {@code privateFlag} is already
 * merged from run.json and workflow.json.
 */
public record RunInfo(
    String workflowId,
    String jobId,
    String status,
    Instant startedAt,
    Instant finishedAt,
    long rowCount,
    List<FieldSpec> schema) {

  public RunInfo {
    schema = List.copyOf(schema);
  }

  /** Throws {@link SourceException.Kind#EMPTY_RUN} when the run declares no rows; whether that is fatal is the caller's call. */
  public void requireRows() {
    if (rowCount == 0) {
      throw SourceException.of(
          SourceException.Kind.EMPTY_RUN,
          RunSource.runDir(workflowId, jobId) + "/run.json",
          "run declares row_count 0");
    }
  }
}
