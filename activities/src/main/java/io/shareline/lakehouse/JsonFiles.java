package io.shareline.lakehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FileSystem;
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
    // Open and catch, not exists() first: on an object store a missing key costs one request, not three.
    try (InputStream in = path.getFileSystem(conf).open(path)) {
      return Optional.of(MAPPER.readValue(in, type));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Replaces the document so readers never see half of it: on an object store a new object appears
   * whole when its stream closes; elsewhere through a sibling temporary file renamed over the target
   * (on an object store that rename is a copy and a delete: slower, and no more atomic).
   */
  public void write(String location, Object value) throws IOException {
    Path path = new Path(location);
    FileSystem fs = path.getFileSystem(conf);
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
