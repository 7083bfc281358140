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
}
