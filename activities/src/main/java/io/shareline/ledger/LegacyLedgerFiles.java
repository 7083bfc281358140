package io.shareline.ledger;

import io.shareline.lakehouse.JsonFiles;
import io.shareline.ledger.Ledger.Attempt;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The ledger as earlier releases kept it, one JSON document per attempt under
 * {@code <ledger>/<workflow>/<job>/<stage>-<attempt>-<startMillis>.json}: read once, to be imported into
 * the table, then removed document by document (a folder left empty goes too).
 */
final class LegacyLedgerFiles {

  /** What a ledger folder holds in the old layout. */
  record Found(List<Attempt> attempts, List<Path> documents) {
    boolean isEmpty() {
      return documents.isEmpty();
    }
  }

  private final Configuration conf;
  private final JsonFiles files;

  LegacyLedgerFiles(Configuration conf) {
    this.conf = conf;
    this.files = new JsonFiles(conf);
  }

  Found find(String ledgerPath) throws IOException {
    Path root = new Path(ledgerPath);
    FileSystem fs = root.getFileSystem(conf);
    List<Attempt> attempts = new ArrayList<>();
    List<Path> documents = new ArrayList<>();
    for (FileStatus workflow : list(fs, root)) {
      String name = workflow.getPath().getName();
      if (!workflow.isDirectory() || name.equals("_delta_log") || name.equals(LedgerTable.DATA_FOLDER)) {
        continue;
      }
      for (FileStatus job : list(fs, workflow.getPath())) {
        for (FileStatus document : job.isDirectory() ? list(fs, job.getPath()) : new FileStatus[0]) {
          String file = document.getPath().getName();
          if (file.endsWith(".json") && !file.startsWith(".")) {
            files.read(document.getPath().toString(), Attempt.class).ifPresent(attempts::add);
            documents.add(document.getPath());
          }
        }
      }
    }
    return new Found(attempts, documents);
  }

  void remove(Found found) throws IOException {
    if (found.isEmpty()) {
      return;
    }
    FileSystem fs = found.documents().get(0).getFileSystem(conf);
    for (Path document : found.documents()) {
      fs.delete(document, false);
    }
    Set<Path> jobs = new LinkedHashSet<>();
    found.documents().forEach(d -> jobs.add(d.getParent()));
    Set<Path> workflows = new LinkedHashSet<>();
    jobs.forEach(j -> workflows.add(j.getParent()));
    for (Path dir : jobs) {
      deleteIfEmpty(fs, dir);
    }
    for (Path dir : workflows) {
      deleteIfEmpty(fs, dir);
    }
  }

  private static void deleteIfEmpty(FileSystem fs, Path dir) throws IOException {
    try {
      if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (FileNotFoundException alreadyGone) {
      // Another process importing the same ledger removed it first.
    }
  }

  private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
    try {
      return fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return new FileStatus[0];
    }
  }
}
