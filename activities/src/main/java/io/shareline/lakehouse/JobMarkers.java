package io.shareline.lakehouse;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

/**
 * One small file per key under a table's {@code _shareline_<kind>} folder (Delta readers ignore
 * {@code _} folders), naming the batch that claimed the key. With the batch's transaction id in the log,
 * a marker proves the key was written by that batch's commit, which carries a single transaction id.
 */
final class JobMarkers {
  private final Configuration conf;
  private final String folder;

  JobMarkers(Configuration conf, String folder) {
    this.conf = conf;
    this.folder = folder;
  }

  Optional<String> read(String tablePath, String key) {
    Path marker = marker(tablePath, key);
    // Open and catch the absence: on S3A one HEAD, where exists() would add a directory listing.
    try (FSDataInputStream in = marker.getFileSystem(conf).open(marker)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("read " + marker, e);
    }
  }

  void write(String tablePath, String key, String batchId) {
    Path marker = marker(tablePath, key);
    try (FSDataOutputStream out = marker.getFileSystem(conf).create(marker, true)) {
      out.write(batchId.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("write " + marker, e);
    }
  }

  void delete(String tablePath, String key) {
    Path marker = marker(tablePath, key);
    try {
      marker.getFileSystem(conf).delete(marker, false);
    } catch (IOException e) {
      throw new UncheckedIOException("delete " + marker, e);
    }
  }

  private Path marker(String tablePath, String key) {
    return new Path(new Path(tablePath, folder), key.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + BatchLoads.hash(List.of(key)));
  }
}
