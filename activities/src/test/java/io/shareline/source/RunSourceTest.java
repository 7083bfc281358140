package io.shareline.source;

import static io.shareline.source.SourceFixture.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.schema.FieldSpec;
import io.shareline.schema.SourceType;
import io.shareline.source.SourceException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSourceTest {

  @TempDir Path root;
  SourceFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new SourceFixture(root);
  }

  @Test
  void listsWorkflowIdsSortedSkippingScratchFolders() throws Exception {
    fixture.workflow("wf-b").workflow("wf-a");
    Files.createDirectories(root.resolve("workflows/_temporary"));
    Files.writeString(root.resolve("workflows/notes.txt"), "not a workflow");

    assertEquals(List.of("wf-a", "wf-b"), fixture.source().listWorkflowIds());
  }

  @Test
  void listsJobIdsSorted() {
    fixture.workflow("wf");
    fixture.run("wf", "job-20260105100000-2").field("a", "STRING").write();
    fixture.run("wf", "job-20260105090000-1").field("a", "STRING").write();

    assertEquals(List.of("job-20260105090000-1", "job-20260105100000-2"), fixture.source().listJobIds("wf"));
  }

  @Test
  void workflowWithoutRunsHasNoJobs() {
    fixture.workflow("wf");

    assertEquals(List.of(), fixture.source().listJobIds("wf"));
  }

  @Test
  void listingJobsOfAnUnknownWorkflowIsMissing() {
    fixture.workflow("wf");

    SourceException e = assertThrows(SourceException.class, () -> fixture.source().listJobIds("nope"));
    assertEquals(Kind.MISSING, e.kind());
    assertEquals("workflows/nope", e.file());
  }

  @Test
  void sourceWithoutWorkflowsFolderIsMissing() {
    SourceException e = assertThrows(SourceException.class, () -> fixture.source().listWorkflowIds());
    assertEquals(Kind.MISSING, e.kind());
  }

  @Test
  void readsWorkflowMetadataIgnoringUnknownKeys() {
    fixture.workflow("wf", "secret");

    WorkflowInfo wf = fixture.source().readWorkflow("wf");

    assertEquals(new WorkflowInfo("wf", "Workflow wf", "data", Instant.parse("2026-01-05T08:00:00Z"), Set.of("secret")), wf);
  }

  @Test
  void acceptsPrivateFieldsGivenAsAList() {
    SourceFixture.write(root.resolve("workflows/wf/workflow.json"),
        "{\"id\":\"wf\",\"name\":\"n\",\"private_fields\":[\"a\",\"b\"]}");

    WorkflowInfo wf = fixture.source().readWorkflow("wf");

    assertEquals(Set.of("a", "b"), wf.privateFields());
    assertNull(wf.createdAt());
  }

  @Test
  void readsRunMetadataWithTimesAndSchema() {
    fixture.workflow("wf");
    fixture.run("wf", "job-1").field("title", "STRING").field("tags", "array<string>")
        .rows(row("title", "x", "tags", List.of("a"))).write();

    RunInfo run = fixture.source().readRun("wf", "job-1");

    assertEquals("SUCCEEDED", run.status());
    assertEquals(Instant.parse("2026-01-05T09:00:00Z"), run.startedAt());
    assertEquals(Instant.parse("2026-01-05T08:05:00Z"), run.finishedAt());
    assertEquals(1, run.rowCount());
    assertEquals(List.of(
        new FieldSpec("title", SourceType.parse("STRING"), true, "title", false),
        new FieldSpec("tags", SourceType.parse("ARRAY<STRING>"), true, "tags", false)), run.schema());
  }

  @Test
  void fieldFlaggedPrivateOnlyInWorkflowJsonIsPrivate() {
    fixture.workflow("wf", "cost");
    fixture.run("wf", "job-1").field("title", "STRING").field("cost", "MONEY").write();

    List<FieldSpec> schema = fixture.source().readRun("wf", "job-1").schema();

    assertFalse(schema.get(0).isPrivate());
    assertTrue(schema.get(1).privateFlag());
  }

  @Test
  void fieldFlaggedPrivateInRunJsonIsPrivate() {
    fixture.workflow("wf");
    fixture.run("wf", "job-1").field("title", "STRING").privateField("cost", "MONEY").write();

    assertTrue(fixture.source().readRun("wf", "job-1").schema().get(1).privateFlag());
  }

  @Test
  void unknownFieldTypeIsInvalidSchema() {
    fixture.workflow("wf");
    fixture.run("wf", "job-1").field("title", "TEXTBLOB").write();

    SourceException e = assertThrows(SourceException.class, () -> fixture.source().readRun("wf", "job-1"));
    assertEquals(Kind.INVALID_SCHEMA, e.kind());
    assertEquals("workflows/wf/runs/job-1/run.json", e.file());
  }

  @Test
  void repeatedFieldNameIsInvalidSchema() {
    fixture.workflow("wf");
    fixture.run("wf", "job-1").field("a", "STRING").field("a", "NUMBER").write();

    assertEquals(Kind.INVALID_SCHEMA,
        assertThrows(SourceException.class, () -> fixture.source().readRun("wf", "job-1")).kind());
  }

  @Test
  void runWithoutRowCountIsInvalidSchema() {
    fixture.workflow("wf");
    SourceFixture.write(root.resolve("workflows/wf/runs/job-1/run.json"),
        "{\"job_id\":\"job-1\",\"finished_at\":\"2026-01-05T09:00:00Z\",\"schema\":[]}");

    assertEquals(Kind.INVALID_SCHEMA,
        assertThrows(SourceException.class, () -> fixture.source().readRun("wf", "job-1")).kind());
  }

  @Test
  void missingRunJsonIsMissing() {
    fixture.workflow("wf");

    SourceException e = assertThrows(SourceException.class, () -> fixture.source().readRun("wf", "job-1"));
    assertEquals(Kind.MISSING, e.kind());
    assertFalse(e.retryable());
  }

  @Test
  void malformedRunJsonIsMalformedJsonAndNotRetryable() {
    fixture.workflow("wf");
    SourceFixture.write(root.resolve("workflows/wf/runs/job-1/run.json"), "{\n\"row_count\": 1,,\n}");

    SourceException e = assertThrows(SourceException.class, () -> fixture.source().readRun("wf", "job-1"));
    assertEquals(Kind.MALFORMED_JSON, e.kind());
    assertEquals(2, e.line());
    assertFalse(e.retryable());
  }

  @Test
  void cutOffRunJsonIsTruncated() {
    fixture.workflow("wf");
    SourceFixture.write(root.resolve("workflows/wf/runs/job-1/run.json"), "{\"row_count\": 1, \"schema\": [");

    assertEquals(Kind.TRUNCATED,
        assertThrows(SourceException.class, () -> fixture.source().readRun("wf", "job-1")).kind());
  }

  @Test
  void emptyRunJsonIsTruncated() {
    fixture.workflow("wf");
    SourceFixture.write(root.resolve("workflows/wf/runs/job-1/run.json"), "");

    assertEquals(Kind.TRUNCATED,
        assertThrows(SourceException.class, () -> fixture.source().readRun("wf", "job-1")).kind());
  }

  @Test
  void workflowJsonThatIsAListIsNotAnObject() {
    SourceFixture.write(root.resolve("workflows/wf/workflow.json"), "[1, 2]");

    assertEquals(Kind.NOT_AN_OBJECT,
        assertThrows(SourceException.class, () -> fixture.source().readWorkflow("wf")).kind());
  }

  @Test
  void runDeclaringNoRowsReadsAsARunOfZeroRows() {
    fixture.workflow("wf");
    fixture.run("wf", "job-1").field("a", "STRING").write();

    RunInfo run = fixture.source().readRun("wf", "job-1");

    assertEquals(0, run.rowCount());
  }

  @Test
  void rowsFileSizeIsThePlainFilesOnDisk() throws Exception {
    fixture.workflow("wf");
    Path rows = fixture.run("wf", "j1").field("a", "STRING").rows(row("a", "x"), row("a", "yz")).write();

    assertEquals(OptionalLong.of(Files.size(rows)), fixture.source().rowsFileBytes("wf", "j1"));
  }

  @Test
  void rowsFileSizeOfAGzippedRunIsTheCompressedSize() throws Exception {
    fixture.workflow("wf");
    Path rows = fixture.run("wf", "j1").field("a", "STRING").rows(row("a", "x".repeat(1000))).gzip().write();

    assertEquals(OptionalLong.of(Files.size(rows)), fixture.source().rowsFileBytes("wf", "j1"));
    assertTrue(Files.size(rows) < 1000);
  }

  @Test
  void rowsFileSizeOfARunWithoutRowsFileIsUnknown() throws Exception {
    fixture.workflow("wf");
    Files.delete(fixture.run("wf", "j1").field("a", "STRING").write());

    assertEquals(OptionalLong.empty(), fixture.source().rowsFileBytes("wf", "j1"));
  }

  @Test
  void idThatCouldLeaveTheSourceIsRefused() {
    fixture.workflow("wf");

    SourceException job = assertThrows(SourceException.class, () -> fixture.source().readRun("wf", "../../etc"));
    SourceException workflow = assertThrows(SourceException.class, () -> fixture.source().readWorkflow(".."));

    assertEquals(Kind.MISSING, job.kind());
    assertEquals(Kind.MISSING, workflow.kind());
    assertFalse(job.retryable());
  }

  @Test
  void rootMayBeAFileUri() {
    fixture.workflow("wf");

    RunSource source = new RunSource(new Configuration(), root.toUri().toString());

    assertEquals(List.of("wf"), source.listWorkflowIds());
  }

  @Test
  void aJobIdInRunJsonThatNamesAnotherFolderIsInvalidNeverFollowed() {
    runJson("{\"job_id\":\"../job-2\",\"status\":\"SUCCEEDED\","
        + "\"finished_at\":\"2026-01-05T09:00:00Z\",\"row_count\":0,\"schema\":[]}");

    SourceException e = assertThrows(SourceException.class, () -> fixture.source().readRun("wf", "job-1"));

    assertEquals(Kind.INVALID_SCHEMA, e.kind());
  }

  @Test
  void aKeyGivenTwiceInRunJsonIsMalformed() {
    runJson("{\"row_count\":5,\"status\":\"SUCCEEDED\","
        + "\"finished_at\":\"2026-01-05T09:00:00Z\",\"row_count\":0,\"schema\":[]}");

    SourceException e = assertThrows(SourceException.class, () -> fixture.source().readRun("wf", "job-1"));

    assertEquals(Kind.MALFORMED_JSON, e.kind());
    assertTrue(e.getMessage().endsWith("a key is given twice"), e.getMessage());
  }

  @Test
  void aPrivateFlagThatIsNotABooleanIsInvalidRatherThanPublic() {
    runJson("{\"status\":\"SUCCEEDED\",\"finished_at\":"
        + "\"2026-01-05T09:00:00Z\",\"row_count\":0,\"schema\":[{\"name\":\"a\",\"type\":\"STRING\",\"private\":\"yes\"}]}");

    assertEquals(Kind.INVALID_SCHEMA,
        assertThrows(SourceException.class, () -> fixture.source().readRun("wf", "job-1")).kind());
  }

  @Test
  void aPlainAndAGzippedRowsFileSideBySideAreAmbiguous() {
    fixture.workflow("wf");
    Path rows = fixture.run("wf", "job-1").field("a", "STRING").rows(row("a", "x")).write();
    SourceFixture.write(rows.resolveSibling("rows.jsonl.gz"), SourceFixture.gzip("{\"a\":\"y\"}\n"));

    SourceException e = assertThrows(SourceException.class, () -> fixture.source().openRows("wf", "job-1"));

    assertEquals(Kind.BAD_LAYOUT, e.kind());
    assertFalse(e.retryable());
  }

  @Test
  void anIdAUriWouldEscapeIsRefused() {
    fixture.workflow("wf");

    assertEquals(Kind.MISSING,
        assertThrows(SourceException.class, () -> fixture.source().readRun("wf", "job 1%3F")).kind());
  }

  /** job-1 of workflow wf with this run.json. */
  private void runJson(String json) {
    fixture.workflow("wf");
    SourceFixture.write(fixture.run("wf", "job-1").field("a", "STRING").write().resolveSibling("run.json"), json);
  }
}
