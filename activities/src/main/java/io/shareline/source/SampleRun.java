package io.shareline.source;

/** One run the generator wrote. */
public record SampleRun(String workflowId, String jobId, long rowCount, boolean gzipped) {}
