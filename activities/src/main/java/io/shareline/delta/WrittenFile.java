package io.shareline.delta;

/**
 * A Parquet file ready to be added to a Delta table.
 *
 * @param path absolute URI of the file
 * @param statsJson Delta file statistics (numRecords, min/max, nulls) as the log stores them, or null
 */
public record WrittenFile(String path, long size, long modificationTime, long rowCount, String statsJson) {

  public WrittenFile(String path, long size, long modificationTime, long rowCount) {
    this(path, size, modificationTime, rowCount, null);
  }
}
