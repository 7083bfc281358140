package io.shareline.worker.bench;

import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.WrittenFile;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.provider.local.LocalShareProvider;
import io.shareline.sharing.client.SharingClient;
import io.shareline.sharing.client.SharingProfile;
import io.shareline.sharing.credential.RecipientTokens;
import io.shareline.sharing.server.SharingServer;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shareline bench sharing}: the sharing server's {@code query} latency on a table of many files. */
@Command(name = "sharing", mixinStandardHelpOptions = true,
    description = {
      "Shares a table of --files data files (one commit) from a local provider and serves it with the sharing"
          + " server on 127.0.0.1; then times --queries sequential `query` calls (after --warmup) and prints p50/p95,"
          + " and lets --recipients clients (a token each) query at once for --seconds: queries, errors, heap."
    })
public final class SharingBenchCommand implements java.util.concurrent.Callable<Integer> {
  private static final StructType SCHEMA = new StructType().add("id", LongType.LONG).add("city", StringType.STRING);
  private static final SharingClient.TableRef TABLE = new SharingClient.TableRef("shareline_bench", "shareline_bench",
      "many_files");

  @Option(names = "--files", defaultValue = "10000", description = "Data files in the table (default ${DEFAULT-VALUE}).")
  int files;

  @Option(names = "--queries", defaultValue = "50", description = "Timed sequential queries (default ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--warmup", defaultValue = "10", description = "Untimed queries first (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--recipients", defaultValue = "100", description = "Concurrent recipients (default ${DEFAULT-VALUE}).")
  int recipients;

  @Option(names = "--seconds", defaultValue = "60", description = "Length of the concurrent phase (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--read-rows", defaultValue = "1000000",
      description = "Rows of the table read whole through the protocol and straight from disk (default"
          + " ${DEFAULT-VALUE}; 0 skips).")
  long readRows;

  @Option(names = "--dir", description = "Work folder (default: a new temporary folder, removed afterwards).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    try (WorkFolder work = WorkFolder.open(dir, "shareline-bench-sharing-")) {
      Configuration conf = new Configuration();
      Lakehouse lakehouse = new Lakehouse(work.path().resolve("data").toString(), conf);
      DeltaTables tables = new DeltaTables(conf);
      long built = System.nanoTime();
      share(lakehouse, tables, work.path());
      System.out.printf("table of %d files shared in %.1f s%n", files, (System.nanoTime() - built) / 1e9);
      try (SharingServer server = SharingServer.start(new SharingServer.Settings("127.0.0.1", 0, null,
          SharingServer.Settings.DEFAULT_URL_LIFETIME, 0), lakehouse, tables)) {
        RecipientTokens tokens = new RecipientTokens(lakehouse, Clock.systemUTC());
        HttpClient http = HttpClient.newHttpClient();
        SharingClient client = client(tokens, server, http);
        for (int i = 0; i < warmup; i++) {
          client.query(TABLE, Map.of());
        }
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
          long start = System.nanoTime();
          int listed = client.query(TABLE, Map.of()).actions().size();
          millis.add((System.nanoTime() - start) / 1_000_000);
          if (listed != files) {
            throw new IllegalStateException("query listed " + listed + " files, not " + files);
          }
        }
        Collections.sort(millis);
        System.out.printf("query of %d files: p50 %d ms, p95 %d ms, max %d ms (%d queries, %d cores, heap max %d MB)%n",
            files, percentile(millis, 50), percentile(millis, 95), millis.get(millis.size() - 1), queries,
            Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        concurrent(tokens, server, http);
        new WholeTableRead(lakehouse, tables, provider(lakehouse, tables)).run(readRows, client(tokens, server, http));
      }
    }
    return 0;
  }

  private void concurrent(RecipientTokens tokens, SharingServer server, HttpClient http) throws InterruptedException {
    if (recipients <= 0 || seconds <= 0) {
      return;
    }
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong heapPeak = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(recipients);
    for (int r = 0; r < recipients; r++) {
      SharingClient client = client(tokens, server, http);
      pool.submit(() -> {
        while (System.nanoTime() < end) {
          try {
            client.query(TABLE, Map.of());
            done.incrementAndGet();
          } catch (RuntimeException e) {
            errors.incrementAndGet();
          }
          heapPeak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(seconds + 120L, java.util.concurrent.TimeUnit.SECONDS);
    System.out.printf("%d recipients for %d s: %d queries (%.1f/s), %d errors, heap used peak %d MB%n", recipients,
        seconds, done.get(), done.get() / (double) seconds, errors.get(), heapPeak.get() >> 20);
  }

  private SharingClient client(RecipientTokens tokens, SharingServer server, HttpClient http) {
    RecipientTokens.Issued token = tokens.issueVerifierToken("bench", Duration.ofHours(2));
    return new SharingClient(new SharingProfile(1, server.endpoint(), token.secret(), token.expiresAt()), http);
  }

  /** One small data file copied {@code files} times into the table, added in one commit. */
  private void share(Lakehouse lakehouse, DeltaTables tables, Path work) throws Exception {
    ConnectorSpec spec = SPEC;
    LocalShareProvider provider = provider(lakehouse, tables);
    provider.provision(spec, lakehouse.storagePath("bench"));
    String path = lakehouse.tablePath("bench", TABLE.name());
    tables.createIfAbsent(path, SCHEMA, Map.of());
    Files.createDirectories(work.resolve("staged"));
    List<WrittenFile> one = tables.writeParquet(work.resolve("staged").toUri().toString(), SCHEMA,
        LongStream.range(0, 20).mapToObj(i -> new Object[] {i, "city-" + i}).iterator(), 100);
    // Plain file copies: Hadoop's local file system forks chmod once per file it creates.
    WrittenFile source = one.get(0);
    Path folder = Path.of(path);
    List<WrittenFile> copies = new ArrayList<>(files);
    for (int i = 0; i < files; i++) {
      Path copy = folder.resolve(String.format("part-%05d.parquet", i));
      Files.copy(Path.of(java.net.URI.create(source.path())), copy);
      copies.add(new WrittenFile(copy.toUri().toString(), source.size(), source.modificationTime(), source.rowCount(),
          source.statsJson()));
    }
    tables.appendFiles(path, copies, "bench", 1);
    provider.registerTables(spec, Map.of(TABLE.name(), path));
    provider.addToShare(spec, List.of(TABLE.name()));
  }

  static final ConnectorSpec SPEC = new ConnectorSpec("bench", "/bench", LocalShareProvider.NAME, null, List.of(),
      false);

  private static LocalShareProvider provider(Lakehouse lakehouse, DeltaTables tables) {
    return new LocalShareProvider(lakehouse, tables);
  }

  private static long percentile(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
