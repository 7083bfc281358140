package io.shareline.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioLocalFileSystemTest {
  @TempDir java.nio.file.Path dir;

  @Test
  void filesAndFoldersItCreatesGetThePermissionsAskedForWithTheirChecksums() throws Exception {
    NioLocalFileSystem fs = new NioLocalFileSystem();
    fs.initialize(FileSystem.getDefaultUri(new Configuration()), new Configuration());
    Path file = new Path(dir.resolve("a/b/file.txt").toUri());

    try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
      out.write("hello".getBytes(StandardCharsets.UTF_8));
    }
    fs.setPermission(file.getParent(), new FsPermission((short) 0750));

    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/file.txt"))));
    assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))));
    assertTrue(Files.exists(dir.resolve("a/b/.file.txt.crc")), "checksummed as Hadoop's local file system");
  }

  @Test
  void aConfigurationGoesThroughItUnlessItNamesAnotherFileSystem() {
    assertEquals(NioLocalFileSystem.class.getName(), NioLocalFileSystem.use(new Configuration()).get("fs.file.impl"));
    Configuration other = new Configuration();
    other.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    assertEquals("org.apache.hadoop.fs.RawLocalFileSystem", NioLocalFileSystem.use(other).get("fs.file.impl"));
  }
}
