package io.shareline.lakehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/** Small internal JSON documents (registry, provider state) read and replaced whole through Hadoop FileSystem. */
public final class JsonFiles {
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private final Configuration conf;

  public JsonFiles(Configuration conf) {
    this.conf = conf;
  }

  public <T> Optional<T> read(String location, Class<T> type) throws IOException {
    Path path = new Path(location);
    FileSystem fs = path.getFileSystem(conf);
    // Open and catch, not exists() first: on an object store a missing key costs one request, not three.
    // On local disk read the file itself: its checksum file is not replaced in the same step (see write).
    try (InputStream in = fs instanceof LocalFileSystem local ? new FileInputStream(local.pathToFile(path))
        : fs.open(path)) {
      return Optional.of(MAPPER.readValue(in, type));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Replaces the document so readers never see half of it: on local disk by one atomic rename of a sibling
   * temporary file; on an object store a new object appears whole when its stream closes; elsewhere
   * through a sibling temporary file renamed over the target after the old one is deleted
   * (on an object store that rename is a copy and a delete: slower, and no more atomic).
   */
  public void write(String location, Object value) throws IOException {
    Path path = new Path(location);
    FileSystem fs = path.getFileSystem(conf);
    if (fs instanceof LocalFileSystem local) {
      // One atomic rename over the target: a concurrent reader (the sharing server reading provider state)
      // sees the old document or the new one, never no file or a checksum of the other one.
      java.nio.file.Path target = local.pathToFile(path).toPath();
      java.nio.file.Path parent = Files.createDirectories(target.getParent());
      java.nio.file.Path tmp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        MAPPER.writeValue(out, value);
      }
      Files.deleteIfExists(parent.resolve("." + target.getFileName() + ".crc"));
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    if (fs.hasPathCapability(path, CommonPathCapabilities.ABORTABLE_STREAM)) {
      try (OutputStream out = fs.create(path, true)) {
        MAPPER.writeValue(out, value);
      }
      return;
    }
    fs.mkdirs(path.getParent());
    Path tmp = new Path(path.getParent(), "." + path.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      MAPPER.writeValue(out, value);
    }
    if (fs.exists(path)) {
      fs.delete(path, false);
    }
    if (!fs.rename(tmp, path)) {
      throw new IOException("could not move " + tmp + " to " + path);
    }
  }
}
