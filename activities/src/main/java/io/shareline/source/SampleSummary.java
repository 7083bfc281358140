package io.shareline.source;

import java.nio.file.Path;
import java.util.List;

/** What a generated sample source holds, so demos and tests need not list it again. */
public record SampleSummary(Path root, List<Workflow> workflows) {

  public record Workflow(String id, String name, List<SampleRun> runs) {
    public Workflow {
      runs = List.copyOf(runs);
    }

    public List<String> jobIds() {
      return runs.stream().map(SampleRun::jobId).toList();
    }
  }

  public SampleSummary {
    workflows = List.copyOf(workflows);
  }

  /** Rows over every run; each row reaches the published tables (only fields are private, never rows). */
  public long totalRows() {
    return workflows.stream().flatMap(w -> w.runs().stream()).mapToLong(SampleRun::rowCount).sum();
  }
}
