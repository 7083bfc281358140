package io.shareline.activitylog.export;

import io.shareline.common.Failures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The source's {@code activity/<yyyy-mm-dd>.jsonl} day files, read through Hadoop FileSystem. */
final class ActivityFiles {
  private static final Pattern DAY_FILE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}\\.jsonl");

  private final FileSystem fs;
  private final Path dir;

  ActivityFiles(Configuration conf, String sourceUri) {
    Path root = new Path(sourceUri);
    try {
      this.fs = root.getFileSystem(conf);
    } catch (IOException e) {
      throw Failures.SOURCE_UNREADABLE.failure("cannot open the source file system: " + e.getClass().getSimpleName());
    }
    this.dir = new Path(fs.makeQualified(root), "activity");
  }

  /** Day file names, oldest first; empty when the source has no activity log yet. */
  List<String> dayFiles() {
    try {
      if (!fs.exists(dir)) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      for (FileStatus status : fs.listStatus(dir)) {
        String name = status.getPath().getName();
        if (status.isFile() && DAY_FILE.matcher(name).matches()) {
          names.add(name);
        }
      }
      names.sort(null);
      return names;
    } catch (IOException e) {
      throw unreadable("activity/", e);
    }
  }

  /**
   * The file's lines. The newest file may be in the middle of an append, so its unterminated last
   * line is left for a later export; in an older file it is final and is returned.
   */
  List<String> lines(String file, boolean newest) {
    byte[] bytes;
    try (InputStream in = fs.open(new Path(dir, file))) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw unreadable("activity/" + file, e);
    }
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start < bytes.length && !newest) {
      lines.add(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
    }
    return lines;
  }

  private static RuntimeException unreadable(String what, IOException e) {
    return Failures.SOURCE_UNREADABLE.failure("cannot read " + what + ": " + e.getClass().getSimpleName());
  }
}
