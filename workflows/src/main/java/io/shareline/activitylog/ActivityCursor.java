package io.shareline.activitylog;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Where the export of a connector's activity log stands: the last exported line of one day file.
 *
 * @param file the day file name ({@code yyyy-mm-dd.jsonl}), or null before the first file
 * @param line the 1-based number of the last line consumed from {@code file}; 0 when none yet
 */
public record ActivityCursor(String file, long line) {

  /** Before every file: a backfill starts here. */
  public static ActivityCursor start() {
    return new ActivityCursor(null, 0);
  }

  @JsonIgnore
  public boolean isStart() {
    return file == null;
  }

  @Override
  public String toString() {
    return isStart() ? "the beginning" : file + " line " + line;
  }
}
