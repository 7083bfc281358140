package io.shareline.worker.oneshot;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.source.SampleRun;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.source.SampleSummary;
import io.shareline.worker.Main;
import io.shareline.worker.PublishedTables;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DeliverCommandTest {

  @TempDir Path tmp;

  private final CapturedStdout stdout = new CapturedStdout();
  private final StringWriter stderr = new StringWriter();

  @AfterEach
  void restoreStdout() {
    stdout.close();
  }

  private int deliver(Path source, String connector, String... more) {
    return deliver(source.toString(), connector, more);
  }

  private int deliver(String source, String connector, String... more) {
    CommandLine command = Main.commandLine();
    command.setErr(new PrintWriter(stderr, true));
    List<String> args = new ArrayList<>(List.of("deliver", "--source", source, "--data-dir",
        tmp.resolve("data").toString(), "--connector", connector, "--timeout", "120"));
    args.addAll(List.of(more));
    return command.execute(args.toArray(String[]::new));
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void deliveringTheSameSourceTwicePublishesNothingTwice() {
    Path source = tmp.resolve("source");
    SampleSummary sample = SampleSourceGenerator.generate(source, new SampleSpec(5L, 2, 2, 10, false));
    PublishedTables published = new PublishedTables(tmp.resolve("data"), "c1");

    assertEquals(0, deliver(source, "c1"), stdout.text() + stderr);
    Map<String, Long> first = published.rowCounts();
    assertEquals(0, deliver(source, "c1"), stdout.text() + stderr);

    Map<String, Long> expected = PublishedTables.expectedRowsPerJob(sample);
    assertAll(
        () -> assertEquals(first, published.rowCounts(), "row counts per table after the second deliver"),
        () -> assertEquals(expected, published.versionTableRowsPerJob()),
        () -> assertTrue(published.workflowRunsPerJob().values().stream().allMatch(n -> n == 1),
            published.workflowRunsPerJob().toString()),
        () -> assertEquals(expected.keySet(), published.workflowRunsPerJob().keySet()));
  }

  @Test
  void aSourceWithoutAWorkflowsFolderFailsWithOneLine() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));

    int code = deliver(empty, "c1");

    String printed = stderr.toString().strip();
    assertNotEquals(0, code);
    assertEquals("shareline deliver: --source " + empty + " has no workflows/ folder", printed);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aMalformedRunStopsAtStageAndPublishesNothingOfIt() throws IOException {
    Path source = tmp.resolve("source");
    SampleSummary sample = SampleSourceGenerator.generate(source, new SampleSpec(6L, 1, 2, 10, false));
    SampleRun broken = sample.workflows().get(0).runs().get(0);
    breakThirdLine(source.resolve("workflows").resolve(broken.workflowId()).resolve("runs").resolve(broken.jobId())
        .resolve("rows.jsonl"));

    int code = deliver(source, "c2");

    PublishedTables published = new PublishedTables(tmp.resolve("data"), "c2");
    String printed = stdout.text();
    assertAll(
        () -> assertEquals(3, code, printed + stderr),
        () -> assertTrue(printed.contains("FAILED: run " + broken.workflowId() + "/" + broken.jobId()
            + " at STAGE (SOURCE_MALFORMED)"), printed),
        () -> assertFalse(published.versionTableRowsPerJob().containsKey(broken.jobId())),
        () -> assertFalse(published.workflowRunsPerJob().containsKey(broken.jobId())));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aSourceWithNoRunInScopeFailsInsteadOfWaitingForALiveRun() {
    Path source = tmp.resolve("source");
    SampleSourceGenerator.generate(source, new SampleSpec(7L, 1, 1, 5, false));

    int code = deliver(source, "c3", "--workflow", "not-in-the-source");

    String printed = stderr.toString().strip();
    assertEquals(1, code, stdout.text() + printed);
    assertTrue(printed.startsWith("shareline deliver: connector c3 has no run to deliver: "), printed);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void anOnboardingFailureEndsTheWaitWithItsReason() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));

    int code = deliver(empty.toUri().toString(), "c4");

    String printed = stderr.toString().strip();
    assertEquals(1, code, stdout.text() + printed);
    assertTrue(printed.startsWith("shareline deliver: connector c4 stopped in PROVISIONING: CONFIG_INVALID: source ")
        && printed.endsWith(" has no workflows/ folder"), printed);
    assertEquals(1, printed.lines().count(), printed);
  }

  private static void breakThirdLine(Path rows) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(rows));
    lines.set(2, "{\"price\": not json");
    Files.write(rows, lines);
  }
}
