package io.shareline.source;

import io.shareline.schema.FieldSpec;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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

  /** The statuses of a run that finished with all its rows written (any case). */
  public static final Set<String> FINISHED = Set.of("SUCCEEDED", "SUCCESS", "FINISHED", "COMPLETED");

  public RunInfo {
    schema = List.copyOf(schema);
  }

  public boolean finished() {
    return status != null && FINISHED.contains(status.toUpperCase(Locale.ROOT));
  }

  /** Throws {@link SourceException.Kind#INVALID_SCHEMA} unless the run finished; the status is quoted only when short. */
  public void requireFinished() {
    if (!finished()) {
      throw SourceException.of(SourceException.Kind.INVALID_SCHEMA, RunSource.runDir(workflowId, jobId) + "/run.json",
          "status is " + (status == null ? "missing" : MetadataJson.quoted(status)) + ", not a finished run");
    }
  }
}
