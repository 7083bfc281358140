package io.shareline.worker.oneshot;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.acceptance.PlainDeltaReader;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
        () -> assertTrue(printed.contains("FAILED: workflow " + broken.workflowId() + ", job " + broken.jobId()
            + ": FAILED at STAGE (SOURCE_MALFORMED)"), printed),
        () -> assertTrue(printed.contains("next: correct the run's files at the source"), printed),
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

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void emptyRunsAmongThirtyAreDeliveredWithTheirRunRows() throws IOException {
    Path source = tmp.resolve("source");
    SampleSummary sample = SampleSourceGenerator.generate(source, new SampleSpec(8L, 3, 10, 5, true));
    List<SampleRun> empty = everyFourth(sample);
    for (SampleRun run : empty) {
      makeEmpty(source, run, run.jobId().hashCode() % 2 == 0);
    }

    int code = deliver(source, "c5");

    List<Map<String, Object>> runs = new PlainDeltaReader().readAll(tmp.resolve("data/lakehouse/c5/workflow_runs"));
    Map<String, Long> rowCounts = runs.stream().collect(Collectors.toMap(r -> (String) r.get("job_id"),
        r -> ((Number) r.get("row_count")).longValue()));
    assertAll(
        () -> assertEquals(0, code, stdout.text() + stderr),
        () -> assertEquals(30, runs.size(), "one workflow_runs row per run"),
        () -> assertTrue(empty.stream().allMatch(run -> rowCounts.get(run.jobId()) == 0), rowCounts.toString()),
        () -> assertEquals(PublishedTables.expectedRowsPerJob(sample).entrySet().stream()
            .filter(e -> rowCounts.get(e.getKey()) > 0).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
            new PublishedTables(tmp.resolve("data"), "c5").versionTableRowsPerJob()));
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void aBadRunStopsOnlyTheLaterRunsOfItsWorkflowAndIsListedWithItsNextStep() throws IOException {
    Path source = tmp.resolve("source");
    SampleSummary sample = SampleSourceGenerator.generate(source, new SampleSpec(9L, 3, 6, 5, false));
    SampleRun broken = sample.workflows().get(1).runs().get(2);
    breakThirdLine(rowsOf(source, broken));

    int code = deliver(source, "c6");

    String printed = stdout.text();
    PublishedTables published = new PublishedTables(tmp.resolve("data"), "c6");
    Set<String> delivered = published.workflowRunsPerJob().keySet();
    List<SampleRun> others = List.of(sample.workflows().get(0), sample.workflows().get(2)).stream()
        .flatMap(w -> w.runs().stream()).toList();
    long waiting = 18 - 1 - delivered.size();
    assertAll(
        () -> assertEquals(3, code, printed + stderr),
        () -> assertTrue(printed.contains("FAILED: workflow " + broken.workflowId() + ", job " + broken.jobId()
            + ": FAILED at STAGE (SOURCE_MALFORMED)"), printed),
        () -> assertTrue(others.stream().allMatch(run -> delivered.contains(run.jobId())), "other workflows complete"),
        () -> assertFalse(delivered.contains(broken.jobId())),
        () -> assertTrue(waiting >= 2, "the later runs of its workflow wait: " + delivered),
        () -> assertTrue(printed.contains("1 runs failed, " + waiting + " more wait behind them"), printed),
        () -> assertTrue(printed.contains("Delivered " + delivered.size() + " runs"), printed));
  }

  /** Every fourth run of the sample, the newest excepted (the first live delivery needs rows to prove its share). */
  private static List<SampleRun> everyFourth(SampleSummary sample) {
    List<SampleRun> all = sample.workflows().stream().flatMap(w -> w.runs().stream()).toList();
    List<SampleRun> picked = new ArrayList<>();
    for (int i = 1; i < all.size(); i += 4) {
      picked.add(all.get(i));
    }
    return picked;
  }

  /** row_count 0 and an empty rows file, or none at all. */
  private static void makeEmpty(Path source, SampleRun run, boolean withoutFile) throws IOException {
    Path dir = source.resolve("workflows").resolve(run.workflowId()).resolve("runs").resolve(run.jobId());
    Files.deleteIfExists(dir.resolve("rows.jsonl"));
    Files.deleteIfExists(dir.resolve("rows.jsonl.gz"));
    if (!withoutFile) {
      Files.writeString(dir.resolve("rows.jsonl"), "");
    }
    Path runJson = dir.resolve("run.json");
    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(runJson.toFile());
    Files.writeString(runJson, json.put("row_count", 0).toString());
  }

  private static Path rowsOf(Path source, SampleRun run) {
    return source.resolve("workflows").resolve(run.workflowId()).resolve("runs").resolve(run.jobId()).resolve("rows.jsonl");
  }

  private static void breakThirdLine(Path rows) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(rows));
    lines.set(2, "{\"price\": not json");
    Files.write(rows, lines);
  }
}
