package io.shareline.delta;

import io.delta.storage.HDFSLogStore;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Delta log store for {@code file:} tables, through java.nio rather than Hadoop's local file system.
 * Hadoop without its native library forks {@code readlink} and {@code chmod} for every rename and create
 * (about twenty processes per commit), and builds a full status for every file of {@code _delta_log} on
 * each listing, which grows with every commit. Here a listing reads attributes only of the names it
 * returns, takes the names from {@link LogFolderIndex} (which does not enumerate the whole folder each
 * time), and a commit file is published with a hard link, which fails atomically if the version
 * already exists (Hadoop's local rename does not).
 */
public final class LocalLogStore extends HDFSLogStore {

  /** Hadoop configuration key through which Kernel's default engine picks the log store for a scheme. */
  public static final String CONF_KEY = "io.delta.kernel.logStore.file.impl";

  public LocalLogStore(Configuration hadoopConf) {
    super(hadoopConf);
  }

  /** Forgets what this process knows of every {@code _delta_log} folder (benchmarks: a new process's first load). */
  public static void forgetFolders() {
    LogFolderIndex.SHARED.clear();
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration hadoopConf) throws IOException {
    java.nio.file.Path target = local(path, hadoopConf);
    java.nio.file.Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
        while (actions.hasNext()) {
          out.write(actions.next());
          out.write('\n');
        }
      }
      if (overwrite) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // A Hadoop checksum written beside an earlier version of this file would no longer match it.
        Files.deleteIfExists(target.resolveSibling("." + target.getFileName() + ".crc"));
      } else {
        publishIfAbsent(temp, target);
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new java.nio.file.FileAlreadyExistsException(path.toString());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public Iterator<FileStatus> listFrom(Path path, Configuration hadoopConf) throws IOException {
    Path parent = path.getFileSystem(hadoopConf).makeQualified(path).getParent();
    java.nio.file.Path dir = Paths.get(parent.toUri());
    String from = path.getName();
    List<String> names = LogFolderIndex.SHARED.namesFrom(dir, from);
    List<FileStatus> statuses = new ArrayList<>(names.size());
    for (String name : names) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(dir.resolve(name), BasicFileAttributes.class);
        statuses.add(new FileStatus(attributes.size(), attributes.isDirectory(), 1, 0,
            attributes.lastModifiedTime().toMillis(), new Path(parent, name)));
      } catch (NoSuchFileException e) {
        // Removed since the listing (a temporary file, or log cleanup): as if listed a moment later.
        LogFolderIndex.SHARED.removed(dir, name);
      }
    }
    return statuses.iterator();
  }

  /** A hard link is created only if nothing has the name yet; a file system without links gets a plain move. */
  private static void publishIfAbsent(java.nio.file.Path temp, java.nio.file.Path target) throws IOException {
    try {
      Files.createLink(target, temp);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | FileSystemException e) {
      if (Files.exists(target)) {
        throw new java.nio.file.FileAlreadyExistsException(target.toString());
      }
      Files.move(temp, target);
    }
  }

  private static java.nio.file.Path local(Path path, Configuration hadoopConf) throws IOException {
    return Paths.get(path.getFileSystem(hadoopConf).makeQualified(path).toUri());
  }
}
