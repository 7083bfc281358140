package io.shareline.delta;

import io.shareline.progress.Progress;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

/** File-level work on a table's folder through Hadoop FileSystem: copying files in, resolving paths. */
final class TableFolder {

  private final Configuration conf;

  TableFolder(Configuration conf) {
    this.conf = conf;
  }

  /**
   * Copies {@code staged} into the table folder as {@code <namePrefix>-<index>.parquet}. A destination
   * that already holds the whole file (same size) is kept, so a retried copy never rewrites a file a
   * commit may already reference; a partial one is overwritten.
   */
  List<WrittenFile> copyInto(String tablePath, List<WrittenFile> staged, String namePrefix) throws IOException {
    List<WrittenFile> copies = new ArrayList<>();
    for (int i = 0; i < staged.size(); i++) {
      copies.add(copyOne(tablePath, staged.get(i), String.format("%s-%05d.parquet", namePrefix, i)));
    }
    return copies;
  }

  List<WrittenFile> mirrorInto(String tablePath, List<WrittenFile> files) throws IOException {
    List<WrittenFile> copies = new ArrayList<>();
    for (WrittenFile source : files) {
      copies.add(copyOne(tablePath, source, new Path(source.path()).getName()));
    }
    return copies;
  }

  private WrittenFile copyOne(String tablePath, WrittenFile source, String name) throws IOException {
    Progress.beat("copy " + name);
    Path table = new Path(tablePath);
    FileSystem tableFs = table.getFileSystem(conf);
    Path from = new Path(source.path());
    Path to = tableFs.makeQualified(new Path(table, name));
    if (!tableFs.exists(to) || tableFs.getFileStatus(to).getLen() != source.size()) {
      FileUtil.copy(from.getFileSystem(conf), from, tableFs, to, false, true, conf);
    }
    FileStatus copied = tableFs.getFileStatus(to);
    return new WrittenFile(
        to.toUri().toString(), copied.getLen(), copied.getModificationTime(), source.rowCount(), source.statsJson());
  }

  /**
   * Moves {@code files} into {@code directory}, file {@code i} as {@code fileName.apply(i)}, replacing
   * what a previous attempt left under that name; then removes the emptied {@code scratch} folder.
   */
  List<WrittenFile> renameInto(String directory, List<WrittenFile> files, IntFunction<String> fileName, String scratch)
      throws IOException {
    Path dir = new Path(directory);
    FileSystem fs = dir.getFileSystem(conf);
    List<WrittenFile> renamed = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      WrittenFile file = files.get(i);
      Progress.beat("name file " + i);
      Path from = new Path(file.path());
      Path to = fs.makeQualified(new Path(dir, fileName.apply(i)));
      // Hadoop's rename refuses an existing destination (local and S3A alike).
      fs.delete(to, false);
      if (!fs.rename(from, to)) {
        throw new IOException("could not rename " + from + " to " + to);
      }
      renamed.add(new WrittenFile(to.toUri().toString(), file.size(), file.modificationTime(), file.rowCount(),
          file.statsJson()));
    }
    fs.delete(new Path(scratch), true);
    return renamed;
  }

  /** The absolute URI of a path the log holds (relative to the table folder, or absolute). */
  URI resolve(String tablePath, String logPath) {
    URI uri = URI.create(logPath);
    if (uri.isAbsolute()) {
      return uri;
    }
    Path table = new Path(tablePath);
    try {
      return table.getFileSystem(conf).makeQualified(new Path(table, new Path(uri))).toUri();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The fully qualified URI of {@code file}, checked to lie under {@code tablePath}. */
  URI fileUnder(String tablePath, String file) throws IOException {
    URI root = qualify(tablePath);
    if (!root.getPath().endsWith("/")) {
      root = URI.create(root + "/");
    }
    URI uri = qualify(file);
    if (root.relativize(uri).equals(uri)) {
      throw new IllegalArgumentException(file + " is not under " + root + ": copyInto the table first");
    }
    return uri;
  }

  private URI qualify(String path) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(conf).makeQualified(p).toUri();
  }
}
