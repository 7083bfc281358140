package io.shareline.source;

/** What {@link SampleSourceGenerator} writes: the same spec always gives byte-identical files. */
public record SampleSpec(long seed, int workflows, int runsPerWorkflow, int rowsPerRun, boolean gzipSome) {

  public SampleSpec {
    if (workflows < 1 || runsPerWorkflow < 1 || rowsPerRun < 1) {
      throw new IllegalArgumentException("workflows, runs per workflow and rows per run must be at least 1");
    }
  }

  /** Three workflows (prices, jobs, contacts), four runs each, about 50 rows per run, some gzipped. */
  public static SampleSpec demo() {
    return new SampleSpec(42L, 3, 4, 50, true);
  }
}
