package io.shareline.delta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system (checksums and all), setting permissions through java.nio. Without Hadoop's
 * native library, {@link RawLocalFileSystem} forks a {@code chmod} process for every file and folder it
 * creates: in a backfill of many small runs (staged files, markers, ledger and log files) those forks
 * cost more system time than all the rest of the work.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
  static final String CONF_KEY = "fs.file.impl";

  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** Makes {@code file:} paths of {@code conf} use this file system unless the configuration names another. */
  public static Configuration use(Configuration conf) {
    conf.setIfUnset(CONF_KEY, NioLocalFileSystem.class.getName());
    return conf;
  }

  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      String rwx = permission.getUserAction().SYMBOL + permission.getGroupAction().SYMBOL
          + permission.getOtherAction().SYMBOL;
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixFilePermissions.fromString(rwx));
      } catch (UnsupportedOperationException notPosix) {
        super.setPermission(p, permission);
      }
    }
  }
}
