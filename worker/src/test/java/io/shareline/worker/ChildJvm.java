package io.shareline.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.shareline.client.SharelineClient;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.ConnectorStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The shareline CLI and worker in child JVMs on this test's classpath, as the cross-process tests run them. */
final class ChildJvm {
  private ChildJvm() {}

  record CliResult(int exitCode, String stdout, String stderr) {}

  /** {@code shareline <args>} in a child JVM. */
  static ProcessBuilder java(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /** Runs one CLI command to its end, its output captured in files under {@code tmp}. */
  static CliResult cli(Path tmp, Duration timeout, String... args) throws Exception {
    Path out = Files.createTempFile(tmp, "cli", ".out");
    Path err = Files.createTempFile(tmp, "cli", ".err");
    Process process = java(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      fail("shareline " + String.join(" ", args) + " did not finish within " + timeout.toSeconds() + " s");
    }
    return new CliResult(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  static String expectSuccess(CliResult result) {
    assertEquals(0, result.exitCode(), () -> "stdout: " + result.stdout() + "\nstderr: " + result.stderr());
    return result.stdout();
  }

  /**
   * Polls until every run in {@code keys} is delivered and the connector is idle. Waiting for the runs
   * themselves, not only for "idle", because a query may answer before a just-sent signal is applied.
   */
  static void awaitDelivered(SharelineClient client, String connectorId, Set<String> keys, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ConnectorState state = client.status(connectorId);
      if (state.finished().recentlyFinished().containsAll(keys) && state.status() == ConnectorStatus.ACTIVE && state.isIdle()) {
        return;
      }
      if (!state.failed().isEmpty()) {
        fail("deliveries parked in FAILED: " + state.failed());
      }
      if (System.nanoTime() > deadline) {
        fail("not delivered in time; status " + state.status() + ", done " + state.finished().recentlyFinished());
      }
      Thread.sleep(300);
    }
  }
}
