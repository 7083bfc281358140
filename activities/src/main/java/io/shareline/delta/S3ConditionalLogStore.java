package io.shareline.delta;

import io.delta.storage.S3SingleDriverLogStore;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.Options.CreateFileOptionKeys;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.RemoteFileChangedException;

/**
 * Delta log store for {@code s3a://} that publishes a commit with an S3 conditional write
 * ({@code If-None-Match: *}, Hadoop S3A's conditional create), so "write this version only if it is
 * absent" holds between processes on any number of machines, not only between the threads of one
 * process as with Kernel's default {@link S3SingleDriverLogStore}. A writer that loses gets
 * {@link FileAlreadyExistsException}, which Delta Kernel answers by rebasing its commit onto the winner.
 * Listing and reading are the default store's (with its {@code delta.enableFastS3AListFrom} option).
 * Needs an endpoint that honours conditional writes (Amazon S3, MinIO, S3Proxy).
 */
public final class S3ConditionalLogStore extends S3SingleDriverLogStore {

  /** Hadoop configuration key through which Kernel's default engine picks the log store for s3a. */
  public static final String CONF_KEY = "io.delta.kernel.logStore.s3a.impl";

  public S3ConditionalLogStore(Configuration hadoopConf) {
    super(hadoopConf);
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration hadoopConf) throws IOException {
    if (overwrite) {
      super.write(path, actions, true, hadoopConf);
      return;
    }
    FSDataOutputStreamBuilder<?, ?> create = path.getFileSystem(hadoopConf).createFile(path);
    create.overwrite(false);
    create.must(CreateFileOptionKeys.FS_OPTION_CREATE_CONDITIONAL_OVERWRITE, true);
    try (FSDataOutputStream out = (FSDataOutputStream) create.build();
        Writer text = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      while (actions.hasNext()) {
        text.write(actions.next());
        text.write('\n');
      }
    } catch (RemoteFileChangedException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
      // 412 Precondition Failed on the PUT: another writer's object has this name.
      throw new FileAlreadyExistsException(path.toString());
    }
  }
}
