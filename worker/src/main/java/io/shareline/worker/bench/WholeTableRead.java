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
 * Files are downloaded with the JDK's plain URL connection: a lean client, so the figure is the server's cost.
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
    long bytes = 0;
    for (int run = 0; run < RUNS; run++) {
      long start = System.nanoTime();
      bytes = 0;
      for (WrittenFile file : tables.liveFiles(path)) {
        try (InputStream in = Files.newInputStream(Path.of(URI.create(file.path())))) {
          bytes += in.transferTo(java.io.OutputStream.nullOutputStream());
        }
      }
      disk.add(System.nanoTime() - start);
      start = System.nanoTime();
      long served = 0;
      for (var action : client.query(ref, Map.of()).actions()) {
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) URI.create(action.path("file")
            .path("url").asText()).toURL().openConnection();
        try (InputStream in = connection.getInputStream()) {
          served += in.transferTo(java.io.OutputStream.nullOutputStream());
        }
      }
      protocol.add(System.nanoTime() - start);
      if (served != bytes) {
        throw new IllegalStateException("the protocol served " + served + " bytes, the files hold " + bytes);
      }
    }
    Collections.sort(disk);
    Collections.sort(protocol);
    long diskMs = disk.get(RUNS / 2) / 1_000_000;
    long protocolMs = protocol.get(RUNS / 2) / 1_000_000;
    System.out.printf("whole table of %d rows (%d MB in %d files): disk %d ms, protocol (query + downloads) %d ms,"
        + " ratio %.2f (median of %d)%n", rows, bytes >> 20, tables.liveFiles(path).size(), diskMs, protocolMs,
        protocolMs / (double) Math.max(1, diskMs), RUNS);
  }
}
