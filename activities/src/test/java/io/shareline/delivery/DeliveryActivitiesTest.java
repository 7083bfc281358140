package io.shareline.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.source.SampleRun;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.source.SampleSummary;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryActivitiesTest {
  @TempDir Path dir;
  private SampleSummary sample;
  private PipelineHarness harness;

  @BeforeEach
  void setUp() {
    sample = SampleSourceGenerator.generate(dir.resolve("source"), new SampleSpec(7L, 3, 4, 40, true));
    harness = new PipelineHarness(dir.resolve("source"), dir.resolve("data"), "acme");
  }

  @Test
  void everyPublicRowOfEveryRunLandsInItsVersionTableExactlyOnce() {
    harness.onboardAndDeliverAll();

    for (SampleSummary.Workflow wf : sample.workflows()) {
      Map<String, Long> expected = wf.runs().stream().collect(Collectors.toMap(SampleRun::jobId, SampleRun::rowCount));
      Map<String, Long> actual = new HashMap<>();
      for (int v = 1; harness.tables.exists(harness.table(Lakehouse.versionTable(wf.id(), v))); v++) {
        for (Map<String, Object> row : harness.tables.readAll(harness.table(Lakehouse.versionTable(wf.id(), v)))) {
          actual.merge((String) row.get("shareline_job_id"), 1L, Long::sum);
        }
      }
      assertEquals(expected, actual, "rows per job of " + wf.id());
    }
  }

  @Test
  void noPublishedColumnIsPrivate() {
    harness.onboardAndDeliverAll();

    for (SampleSummary.Workflow wf : sample.workflows()) {
      String latest = harness.table(Lakehouse.latestTable(wf.id()));
      for (String column : harness.tables.info(latest).schema().fieldNames()) {
        assertFalse(column.startsWith("_"), column);
      }
      for (Map<String, Object> row : harness.tables.readAll(latest)) {
        for (Object value : row.values()) {
          if (value instanceof String s) {
            assertFalse(s.contains("\"_"), "a nested private key leaked: " + s);
          }
        }
      }
    }
  }

  @Test
  void latestFollowsTheNewestSchemaVersionWithItsRowsOnly() {
    harness.onboardAndDeliverAll();

    SampleSummary.Workflow changed = sample.workflows().get(0);
    String v2 = harness.table(Lakehouse.versionTable(changed.id(), 2));
    String latest = harness.table(Lakehouse.latestTable(changed.id()));
    assertTrue(harness.tables.exists(v2), "the schema change makes version 2");
    assertEquals(harness.tables.countRows(v2), harness.tables.countRows(latest));
    assertEquals(harness.tables.info(v2).schema(), harness.tables.info(latest).schema());
  }

  @Test
  void deliveringEverythingTwicePublishesNothingTwice() {
    harness.onboardAndDeliverAll();
    Map<String, Long> before = rowCounts();

    PipelineHarness again = new PipelineHarness(dir.resolve("source"), dir.resolve("data"), "acme");
    again.onboardAndDeliverAll();

    assertEquals(before, rowCounts());
    assertEquals(sample.totalRows(), rowsInVersionTables());
  }

  @Test
  void aRepeatedLoadAfterItsCommitAddsNoRow() {
    List<RunRef> runs = harness.onboard().runs();
    DeliveryRequest request = new DeliveryRequest(harness.spec, runs.get(0), false);
    StagedRun staged = harness.activities.delivery().stage(request);
    SchemaVersion version = harness.activities.delivery().schema(request, staged);

    StagedBatch alone = PipelineHarness.alone(request, staged, version);
    StageResults.BatchLoaded first = harness.activities.delivery().load(alone);
    StageResults.BatchLoaded second = harness.activities.delivery().load(alone);

    assertEquals(List.of(staged.run().jobId()), first.loadedJobs());
    assertEquals(List.of(staged.run().jobId()), second.alreadyLoadedJobs());
    assertEquals(staged.rowCount(), harness.tables.countRows(harness.table(version.tableName())));
  }

  @Test
  void metadataTablesRecordEachRunAndWorkflowOnce() {
    harness.onboardAndDeliverAll();
    harness.onboardAndDeliverAll();

    List<Map<String, Object>> runs = harness.tables.readAll(harness.table(MetadataTables.RUNS));
    assertEquals(12, runs.size());
    assertEquals(12, runs.stream().map(r -> r.get("job_id")).distinct().count());
    List<Map<String, Object>> workflows = harness.tables.readAll(harness.table(MetadataTables.WORKFLOWS));
    assertEquals(3, workflows.size());
    Map<String, Object> changed = workflows.stream()
        .filter(w -> w.get("workflow_id").equals(sample.workflows().get(0).id())).findFirst().orElseThrow();
    assertEquals(2, changed.get("current_version"));
    assertEquals(sample.workflows().get(0).jobIds().get(3), changed.get("last_job_id"));
  }

  @Test
  void aMalformedRowFailsStageNonRetryablyAndPublishesNothing() throws Exception {
    List<RunRef> runs = harness.onboard().runs();
    RunRef bad = runs.get(0);
    Path rows = dir.resolve("source/workflows/" + bad.workflowId() + "/runs/" + bad.jobId());
    Path plain = rows.resolve("rows.jsonl");
    Files.deleteIfExists(rows.resolve("rows.jsonl.gz"));
    Files.writeString(plain, "{\"title\":\"ok\"}\n{not json\n", StandardCharsets.UTF_8);

    ApplicationFailure failure = assertThrows(ApplicationFailure.class,
        () -> harness.activities.delivery().stage(new DeliveryRequest(harness.spec, bad, false)));

    assertEquals("SOURCE_MALFORMED", failure.getType());
    assertTrue(failure.isNonRetryable());
    assertFalse(harness.tables.exists(harness.table(Lakehouse.versionTable(bad.workflowId(), 1))));
  }

  @Test
  void theLedgerRecordsEveryStageAttempt() {
    List<RunRef> runs = harness.onboard().runs();
    harness.deliver(runs.get(0));

    var attempts = new io.shareline.ledger.Ledger(harness.lakehouse)
        .attempts("acme", runs.get(0).workflowId(), runs.get(0).jobId());
    assertEquals(List.of("STAGE", "SCHEMA", "LOAD", "PUBLISH", "SHARE", "VERIFY"),
        attempts.stream().map(a -> a.stage()).toList());
    assertTrue(attempts.stream().allMatch(a -> a.outcome().equals("SUCCEEDED")));
  }

  private Map<String, Long> rowCounts() {
    Map<String, Long> counts = new HashMap<>();
    for (SampleSummary.Workflow wf : sample.workflows()) {
      for (int v = 1; v <= 3; v++) {
        String t = harness.table(Lakehouse.versionTable(wf.id(), v));
        if (harness.tables.exists(t)) {
          counts.put(t, harness.tables.countRows(t));
        }
      }
      counts.put("latest " + wf.id(), harness.tables.countRows(harness.table(Lakehouse.latestTable(wf.id()))));
    }
    for (String table : MetadataTables.ALL) {
      counts.put(table, harness.tables.countRows(harness.table(table)));
    }
    return counts;
  }

  private long rowsInVersionTables() {
    return rowCounts().entrySet().stream().filter(e -> e.getKey().contains("__v")).mapToLong(Map.Entry::getValue).sum();
  }
}
