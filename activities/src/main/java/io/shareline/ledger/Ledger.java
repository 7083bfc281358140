package io.shareline.ledger;

import io.shareline.lakehouse.JsonFiles;
import io.shareline.lakehouse.Lakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The delivery ledger: one small document per stage attempt (start, end, outcome, failure type),
 * outside customer tables, under {@code internal/<connector>/ledger/<workflow>/<job>/}. One file per
 * attempt needs no append support, so it works the same on local disk and object stores.
 */
public final class Ledger {

  /** One attempt of one stage. {@code outcome} is RUNNING, SUCCEEDED or FAILED. */
  public record Attempt(String connectorId, String workflowId, String jobId, String stage, int attempt,
      Instant startedAt, Instant endedAt, String outcome, String failureType, String message) {}

  private final Lakehouse lakehouse;
  private final JsonFiles files;

  public Ledger(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
    this.files = new JsonFiles(lakehouse.conf());
  }

  public void write(Attempt attempt) {
    try {
      files.write(location(attempt), attempt);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every recorded attempt of a run, in start order. */
  public List<Attempt> attempts(String connectorId, String workflowId, String jobId) {
    Path dir = new Path(lakehouse.internalPath(connectorId, "ledger", workflowId, jobId));
    List<Attempt> out = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(lakehouse.conf());
      if (!fs.exists(dir)) {
        return out;
      }
      for (FileStatus status : fs.listStatus(dir)) {
        if (status.getPath().getName().endsWith(".json") && !status.getPath().getName().startsWith(".")) {
          files.read(status.getPath().toString(), Attempt.class).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparing(Attempt::startedAt).thenComparing(Attempt::attempt));
    return out;
  }

  /** Every recorded attempt of a connector, by workflow and job, each run's attempts in start order. */
  public List<Attempt> all(String connectorId) {
    Path root = new Path(lakehouse.internalPath(connectorId, "ledger"));
    List<Attempt> out = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(lakehouse.conf());
      if (!fs.exists(root)) {
        return out;
      }
      for (FileStatus workflow : fs.listStatus(root)) {
        if (workflow.isDirectory()) {
          for (FileStatus job : fs.listStatus(workflow.getPath())) {
            if (job.isDirectory()) {
              out.addAll(attempts(connectorId, workflow.getPath().getName(), job.getPath().getName()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private String location(Attempt a) {
    return lakehouse.internalPath(a.connectorId(), "ledger", a.workflowId(), a.jobId(),
        // Temporal numbers attempts per scheduled activity: an operator's retry, or a run delivered alone
        // after its batch gave up, starts again at 1, so the start time keeps each attempt's own document.
        String.format("%s-%03d-%d.json", a.stage(), a.attempt(), a.startedAt().toEpochMilli()));
  }
}
