package io.shareline.sharing.server;

import io.shareline.delta.SnapshotReader;
import io.shareline.sharing.server.ShareDirectory.SharedTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Serves a file named by a signed URL, if the signature holds, the URL has not expired, the table is
 * still shared, and the file is live in the table at the version the URL was issued for. Single byte
 * ranges are honoured (Parquet readers fetch the footer first).
 */
final class FileEndpoint {
  private static final int BUFFER = 256 * 1024;

  private final FileUrls urls;
  private final ShareDirectory directory;
  private final SnapshotReader reader;
  private final TableStates states;
  private final Configuration conf;

  FileEndpoint(FileUrls urls, ShareDirectory directory, SnapshotReader reader, TableStates states,
      Configuration conf) {
    this.urls = urls;
    this.directory = directory;
    this.reader = reader;
    this.states = states;
    this.conf = conf;
  }

  void serve(Exchange ex, AccessLog.Entry log) throws IOException {
    String[] rest = Arrays.copyOfRange(ex.segments, 1, ex.segments.length);
    FileUrls.FileRef ref = urls.verify(rest, ex.param("expires"), ex.param("signature"))
        .orElseThrow(() -> new ProtocolError(403, ProtocolError.PERMISSION_DENIED,
            "the file URL is expired or its signature does not hold"));
    log.connectorId = ref.connectorId();
    log.table = ref.table();
    log.version = ref.version();
    Optional<SharedTable> table = directory.sharedTable(ref.connectorId(), ref.table());
    if (table.isEmpty() || !states.livePaths(table.get().location(), ref.version()).contains(ref.path())) {
      throw ProtocolError.notFound("the file");
    }
    Path path = new Path(reader.resolve(table.get().location(), ref.path()));
    FileSystem fs = path.getFileSystem(conf);
    if (fs instanceof LocalFileSystem local) {
      fs = local.getRawFileSystem(); // bytes as stored: checking the .crc side files costs as much CPU as the copy
    }
    long length = fs.getFileStatus(path).getLen();
    long[] range = range(ex.header(HttpHeader.RANGE.asString()), length);
    ex.setHeader(HttpHeader.ACCEPT_RANGES.asString(), "bytes");
    ex.setHeader(HttpHeader.CONTENT_LENGTH.asString(), Long.toString(range[1] - range[0]));
    boolean partial = range[0] != 0 || range[1] != length;
    if (partial) {
      ex.setHeader(HttpHeader.CONTENT_RANGE.asString(), "bytes " + range[0] + "-" + (range[1] - 1) + "/" + length);
    }
    log.files = 1;
    if (ex.method().equals("HEAD")) {
      ex.empty(partial ? 206 : 200);
      return;
    }
    ex.start(partial ? 206 : 200, "application/octet-stream");
    if (fs instanceof RawLocalFileSystem raw) {
      ex.sendFile(raw.pathToFile(path).toPath(), range[0], range[1]);
    } else {
      try (FSDataInputStream in = fs.open(path, BUFFER); OutputStream out = ex.stream()) {
        in.seek(range[0]);
        copy(in, out, range[1] - range[0]);
      }
    }
    ex.callback.succeeded();
  }

  /** [start, end) of the bytes asked for: the whole file, or one {@code bytes=a-b}, {@code a-} or {@code -n} range. */
  static long[] range(String header, long length) {
    if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
      return new long[] {0, length};
    }
    String spec = header.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    try {
      if (dash == 0) {
        long suffix = Long.parseLong(spec.substring(1));
        return new long[] {Math.max(0, length - suffix), length};
      }
      long start = Long.parseLong(spec.substring(0, dash));
      long end = dash == spec.length() - 1 ? length : Math.min(length, Long.parseLong(spec.substring(dash + 1)) + 1);
      if (start >= length || end <= start) {
        throw new ProtocolError(416, ProtocolError.INVALID_PARAMETER_VALUE, "the range is outside the file");
      }
      return new long[] {start, end};
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      return new long[] {0, length};
    }
  }

  private static void copy(InputStream in, OutputStream out, long count) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long left = count;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("the file ended early");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }
}
