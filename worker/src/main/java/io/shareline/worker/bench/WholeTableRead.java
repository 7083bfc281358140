package io.shareline.worker.bench;

import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.WrittenFile;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.provider.local.LocalShareProvider;
import io.shareline.sharing.client.SharingClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * A table read whole by a recipient (one {@code query}, then every file downloaded) against the same files
 * read straight from disk: the protocol's cost over the bytes themselves. Median of five of each, warm cache.
 * Files are downloaded with the JDK's plain URL connection (a lean client, so the figure is the server's cost);
 * both sides read in 1 MB reads.
 */
final class WholeTableRead {
  private static final StructType SCHEMA = new StructType().add("id", LongType.LONG).add("title", StringType.STRING)
      .add("city", StringType.STRING).add("score", DoubleType.DOUBLE).add("seen_at", LongType.LONG);
  private static final String TABLE = "whole_read";
  private static final int RUNS = 5;

  private final Lakehouse lakehouse;
  private final DeltaTables tables;
  private final LocalShareProvider provider;

  WholeTableRead(Lakehouse lakehouse, DeltaTables tables, LocalShareProvider provider) {
    this.lakehouse = lakehouse;
    this.tables = tables;
    this.provider = provider;
  }

  void run(long rows, SharingClient client) throws IOException, InterruptedException {
    if (rows <= 0) {
      return;
    }
    String path = lakehouse.tablePath("bench", TABLE);
    tables.createIfAbsent(path, SCHEMA, Map.of());
    List<WrittenFile> staged = tables.writeParquet(lakehouse.dataDir() + "/staging/whole", SCHEMA,
        LongStream.range(0, rows).mapToObj(i -> new Object[] {i, "title of row " + i + " " + Long.toHexString(i * 7919),
            "city-" + (i % 97), i * 0.5, 1_700_000_000_000_000L + i}).iterator(), 8192);
    tables.appendFiles(path, tables.copyInto(path, staged, "whole"), "whole", 1);
    provider.registerTables(SharingBenchCommand.SPEC, Map.of(TABLE, path));
    provider.addToShare(SharingBenchCommand.SPEC, List.of(TABLE));
    SharingClient.TableRef ref = new SharingClient.TableRef("shareline_bench", "shareline_bench", TABLE);
    List<Long> disk = new ArrayList<>();
    List<Long> protocol = new ArrayList<>();
    List<Long> socket = new ArrayList<>();
    List<Path> files = tables.liveFiles(path).stream().map(f -> Path.of(URI.create(f.path()))).toList();
    long bytes = 0;
    for (int run = 0; run < RUNS; run++) {
      socket.add(RawTransfer.time(files));
      long start = System.nanoTime();
      bytes = 0;
      for (Path file : files) {
        try (InputStream in = Files.newInputStream(file)) {
          bytes += drain(in);
        }
      }
      disk.add(System.nanoTime() - start);
      start = System.nanoTime();
      long served = 0;
      for (var action : client.query(ref, Map.of()).actions()) {
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) URI.create(action.path("file")
            .path("url").asText()).toURL().openConnection();
        try (InputStream in = connection.getInputStream()) {
          served += drain(in);
        }
      }
      protocol.add(System.nanoTime() - start);
      if (served != bytes) {
        throw new IllegalStateException("the protocol served " + served + " bytes, the files hold " + bytes);
      }
    }
    double diskMs = median(disk);
    double protocolMs = median(protocol);
    double socketMs = median(socket);
    System.out.printf("whole table of %d rows (%d MB in %d files), medians of %d: disk %.1f ms, protocol (query +"
        + " downloads) %.1f ms, ratio %.2f; the same bytes over a bare loopback socket (sendfile) %.1f ms: protocol"
        + " over transport %.2f%n", rows, bytes >> 20, files.size(), RUNS, diskMs, protocolMs, protocolMs / diskMs,
        socketMs, protocolMs / socketMs);
  }

  private static double median(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2) / 1e6;
  }

  /** Reads a stream to its end in 1 MB reads, as readers of large files do; the same for both sides. */
  static long drain(InputStream in) throws IOException {
    byte[] buffer = new byte[1 << 20];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      total += n;
    }
    return total;
  }
}
