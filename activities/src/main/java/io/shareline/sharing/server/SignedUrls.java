package io.shareline.sharing.server;

import io.shareline.delta.SnapshotReader;
import io.shareline.delta.SnapshotReader.DataFile;
import io.shareline.sharing.server.ShareDirectory.SharedTable;
import java.time.Clock;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;

/**
 * The URL a recipient downloads a file from: pre-signed by S3 for tables under {@code s3a://}, or signed
 * by this server (and served by {@link FileEndpoint}) for any other storage. Either expires.
 */
final class SignedUrls implements AutoCloseable {
  private final FileUrls local;
  private final SnapshotReader reader;
  private final Configuration conf;
  private final Clock clock;
  private S3FileUrls s3;

  SignedUrls(FileUrls local, SnapshotReader reader, Configuration conf, Clock clock) {
    this.local = local;
    this.reader = reader;
    this.conf = conf;
    this.clock = clock;
  }

  long expiry() {
    return local.expiry();
  }

  /** @param version a version at which the file is live */
  TableLines.SignedFile sign(SharedTable table, long version, DataFile file, long expiresAt) {
    if (S3FileUrls.handles(table.location())) {
      String absolute = reader.resolve(table.location(), file.path()).toString();
      Duration lifetime = Duration.ofMillis(Math.max(1_000, expiresAt - clock.millis()));
      return new TableLines.SignedFile(file, s3().url(absolute, lifetime), expiresAt);
    }
    FileUrls.FileRef ref = new FileUrls.FileRef(table.connectorId(), table.name(), version, file.path(), expiresAt);
    return new TableLines.SignedFile(file, local.url(ref), expiresAt);
  }

  private synchronized S3FileUrls s3() {
    if (s3 == null) {
      s3 = new S3FileUrls(conf);
    }
    return s3;
  }

  @Override
  public synchronized void close() {
    if (s3 != null) {
      s3.close();
    }
  }
}
