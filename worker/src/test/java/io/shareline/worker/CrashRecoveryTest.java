package io.shareline.worker;

import static io.shareline.worker.ChildJvm.java;
import static io.shareline.worker.PublishedTables.freePort;
import static io.shareline.worker.PublishedTables.onceEach;
import static io.shareline.worker.PublishedTables.runKeys;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.shareline.client.SharelineClient;
import io.shareline.client.TemporalConnection;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.ConnectorStatus;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.connector.spec.OrchestrationSettings;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.source.SampleSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-workflow backfill delivered while the worker process is killed with SIGKILL
 * at random moments and restarted. The Temporal server runs in its own process, so workflow state
 * survives the kills; the Delta tables must end with every run exactly once. The seed is printed and
 * can be replayed with {@code -Dshareline.crashSeed=N}.
 */
class CrashRecoveryTest {

  private static final String CONNECTOR = "crash";
  private static final String SERVER_READY = "Temporal server listening on";
  private static final String WORKER_READY = "Shareline worker connected";
  private static final int KILLS = 4;

  @TempDir Path tmp;

  private Process server;
  private Process worker;

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (Process process : new Process[] {worker, server}) {
      if (process != null) {
        process.destroyForcibly();
        // let it die before @TempDir deletes the folder it writes to
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void aBackfillSurvivesRepeatedSigkillsOfTheWorkerAndDeliversEveryRunExactlyOnce() throws Exception {
    long started = System.nanoTime();
    long seed = Long.getLong("shareline.crashSeed", 20261123L);
    Random random = new Random(seed);
    Path source = tmp.resolve("source");
    Path dataDir = tmp.resolve("data");
    SampleSummary sample = SampleSourceGenerator.generate(source, new SampleSpec(11L, 3, 5, 30, true));
    Set<String> keys = runKeys(sample);

    int port = freePort();
    String address = "127.0.0.1:" + port;
    server = start(java("server", "--port", String.valueOf(port)), SERVER_READY, "server");
    worker = startWorker(address, dataDir, 0);

    List<String> killLog = new ArrayList<>();
    int kills = 0;
    try (TemporalConnection connection = TemporalConnection.open(address, "default")) {
      SharelineClient client = new SharelineClient(connection.client());
      client.createConnector(new ConnectorSpec(CONNECTOR, source.toAbsolutePath().toString(), "local",
          CONNECTOR + "-recipient", List.of(), true));

      while (kills < KILLS) {
        // No status query before a kill: a query answered by a worker that is then SIGKILLed left the
        // connector unqueryable (WorkflowServiceException) for 3+ minutes on the embedded test server.
        long delay = 1_000 + random.nextInt(5_001);
        Thread.sleep(delay);
        worker.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no graceful worker stop
        assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "killed worker did not exit");
        kills++;
        killLog.add("kill " + kills + " after " + delay + " ms");
        worker = startWorker(address, dataDir, kills);
      }
      assertTrue(kills >= KILLS, "kills: " + kills);

      ConnectorState state = awaitDelivered(client, keys);
      assertEquals(ConnectorStatus.ACTIVE, state.status());
    }
    assertEveryRunOnce(sample, dataDir, started, seed, kills, killLog);
  }

  /**
   * The embedded server keeps no state: killed together with the worker in the middle of a backfill, both
   * start again empty, and {@code connector create} with the same options resumes from what the tables hold.
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aConnectorCreatedAgainAfterServerAndWorkerWereKilledMidBackfillDeliversWhatIsMissingOnce() throws Exception {
    long started = System.nanoTime();
    Path source = tmp.resolve("source");
    Path dataDir = tmp.resolve("data");
    SampleSummary sample = SampleSourceGenerator.generate(source, new SampleSpec(12L, 3, 6, 20, true));
    Set<String> keys = runKeys(sample);
    // Small pages and batches: the backfill reports progress often, so it is killed with some history delivered.
    ConnectorSpec spec = new ConnectorSpec(CONNECTOR, source.toAbsolutePath().toString(), "local",
        CONNECTOR + "-recipient", List.of(), true).withOrchestration(new OrchestrationSettings(1, 4, null, 2));

    String address = startServerAndWorker(dataDir, 0);
    try (TemporalConnection connection = TemporalConnection.open(address, "default")) {
      SharelineClient client = new SharelineClient(connection.client());
      client.createConnector(spec);
      awaitMidBackfill(client);
    }
    worker.destroyForcibly();
    server.destroyForcibly();
    assertTrue(worker.waitFor(30, TimeUnit.SECONDS) && server.waitFor(30, TimeUnit.SECONDS), "killed processes did not exit");

    address = startServerAndWorker(dataDir, 1);
    try (TemporalConnection connection = TemporalConnection.open(address, "default")) {
      SharelineClient client = new SharelineClient(connection.client());
      client.createConnector(spec);
      assertEquals(ConnectorStatus.ACTIVE, awaitDelivered(client, keys).status());
    }
    assertEveryRunOnce(sample, dataDir, started, 0, 1, List.of("server and worker killed mid-backfill"));
  }

  private String startServerAndWorker(Path dataDir, int generation) throws Exception {
    int port = freePort();
    String address = "127.0.0.1:" + port;
    server = start(java("server", "--port", String.valueOf(port)), SERVER_READY, "server-" + generation);
    worker = startWorker(address, dataDir, generation);
    return address;
  }

  /** Some history delivered, some not: the backfill is under way. */
  private static void awaitMidBackfill(SharelineClient client) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      ConnectorState state = client.status(CONNECTOR);
      if (state.status() == ConnectorStatus.BACKFILLING && state.runsDelivered() >= 5) {
        return;
      }
      Thread.sleep(50);
    }
    fail("the backfill did not get under way");
  }

  private void assertEveryRunOnce(SampleSummary sample, Path dataDir, long started, long seed, int kills,
      List<String> killLog) {
    PublishedTables published = new PublishedTables(dataDir, CONNECTOR);
    Map<String, Long> expected = PublishedTables.expectedRowsPerJob(sample);
    Map<String, Long> actual = published.versionTableRowsPerJob();
    Map<String, Long> runRows = published.workflowRunsPerJob();
    long duplicates = 0;
    long lost = 0;
    Set<String> jobs = new TreeSet<>(expected.keySet());
    jobs.addAll(actual.keySet());
    for (String job : jobs) {
      long want = expected.getOrDefault(job, 0L);
      long got = actual.getOrDefault(job, 0L);
      duplicates += Math.max(0, got - want);
      lost += Math.max(0, want - got);
    }
    long rows = actual.values().stream().mapToLong(Long::longValue).sum();
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("crash test: seed %d, kills %d, runs %d (workflow_runs rows %d), rows %d of %d, duplicates %d,"
            + " lost %d, %.1f s [%s]%n",
        seed, kills, expected.size(), runRows.values().stream().mapToLong(Long::longValue).sum(), rows,
        expected.values().stream().mapToLong(Long::longValue).sum(), duplicates, lost, seconds,
        String.join("; ", killLog));

    long finalDuplicates = duplicates;
    long finalLost = lost;
    assertAll(
        () -> assertEquals(0, finalDuplicates, "duplicated rows"),
        () -> assertEquals(0, finalLost, "lost rows"),
        () -> assertEquals(expected, actual, "rows per job over the version tables"),
        () -> assertEquals(onceEach(expected.keySet()), runRows, "workflow_runs rows per job"));
  }

  private Process startWorker(String address, Path dataDir, int generation) throws Exception {
    ProcessBuilder builder = java("worker", "--address", address, "--data-dir", dataDir.toString());
    return start(builder, WORKER_READY, "worker-" + generation);
  }

  /** Starts a child JVM and waits for its ready line; stderr goes to {@code <name>.err} under the temp folder. */
  private Process start(ProcessBuilder builder, String readyLine, String name) throws Exception {
    Path err = tmp.resolve(name + ".err");
    builder.redirectError(err.toFile());
    Process process = builder.start();
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readUntilReady(process, readyLine));
    try {
      if (ready.get(90, TimeUnit.SECONDS) == null) {
        fail(name + " exited before it was ready: " + Files.readString(err));
      }
    } catch (TimeoutException e) {
      process.destroyForcibly();
      fail(name + " not ready within 90 s: " + Files.readString(err));
    }
    return process;
  }

  /** The ready line, or null if stdout ends first; keeps draining stdout afterwards so the child never blocks. */
  private static String readUntilReady(Process process, String readyLine) {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(readyLine)) {
          Thread drain = new Thread(() -> {
            try {
              out.lines().forEach(ignored -> { });
            } catch (RuntimeException closed) {
              // the process was killed
            }
          }, "child-stdout");
          drain.setDaemon(true);
          drain.start();
          return line;
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Polls until every run is delivered and the connector is ACTIVE and idle; returns that state. */
  private static ConnectorState awaitDelivered(SharelineClient client, Set<String> keys) throws InterruptedException {
    // Each kill costs up to a heartbeat timeout (30 s, 60 s in a provider stage) before the retry.
    long deadline = System.nanoTime() + Duration.ofSeconds(360).toNanos();
    ConnectorState state = null;
    String queryFailure = null;
    while (true) {
      try {
        state = client.status(CONNECTOR);
      } catch (RuntimeException notYet) {
        // the restarted worker may still be replaying the connector
        Throwable root = notYet;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        queryFailure = notYet + " caused by " + root;
      }
      if (state != null) {
        if (state.finished().recentlyFinished().containsAll(keys) && state.status() == ConnectorStatus.ACTIVE && state.isIdle()) {
          return state;
        }
        if (!state.failed().isEmpty()) {
          fail("deliveries parked in FAILED: " + state.failed());
        }
      }
      if (System.nanoTime() > deadline) {
        fail("not delivered in time; status " + (state == null ? "unknown (" + queryFailure + ")" : state.status() + ", in flight "
            + state.inFlight().keySet() + ", pending " + state.pending().size() + ", done " + state.finished().recentlyFinished().size() + "/"
            + keys.size()));
      }
      Thread.sleep(300);
    }
  }
}
