package io.shareline.delivery;

import io.shareline.delivery.stages.DeliveryActivitiesImpl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.lakehouse.BatchLoads;
import io.shareline.lakehouse.BatchLoads.BatchLoaded;
import io.shareline.lakehouse.VersionTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backfill batches: many staged runs in one commit of merged files, each job still loaded exactly once. */
class BatchLoadsTest {
  private static final int ROWS_PER_RUN = 3;

  @TempDir Path dir;
  private SourceBuilder source;
  private PipelineHarness harness;
  private BatchLoads batches;
  private VersionTables versions;

  @Test
  void twoHundredTinyRunsLoadAsOneCommitOfOneFileWithEveryJobsRowsExact() {
    List<StagedRun> staged = stageRuns(200, ROWS_PER_RUN);
    String table = versionTable(staged.get(0));
    long before = harness.tables.latestVersion(table);

    BatchLoaded loaded = batches.load(table, staged);

    assertEquals(before + 1, loaded.tableVersion());
    assertEquals(200, loaded.loadedJobs().size());
    assertEquals(1, harness.tables.dataFileNames(table).size());
    assertEquals(200L * ROWS_PER_RUN, harness.tables.countRows(table));
    for (StagedRun run : staged) {
      assertTrue(versions.isLoaded(table, run.run().jobId()));
      assertEquals(ROWS_PER_RUN, versions.jobRows(table, run), run.run().jobId());
    }
  }

  @Test
  void aBatchRepeatedAfterItsCommitAddsNothing() {
    List<StagedRun> staged = stageRuns(30, ROWS_PER_RUN);
    String table = versionTable(staged.get(0));
    BatchLoaded first = batches.load(table, staged);

    BatchLoaded again = batches.load(table, staged);

    assertTrue(again.alreadyApplied());
    assertEquals(first.tableVersion(), harness.tables.latestVersion(table));
    assertEquals(first.loadedJobs(), again.loadedJobs());
    assertEquals(30L * ROWS_PER_RUN, harness.tables.countRows(table));
  }

  @Test
  void jobsLoadedAloneAreLeftOutOfABatchAndABatchedJobLoadedAloneAddsNothing() {
    List<StagedRun> staged = stageRuns(50, ROWS_PER_RUN);
    SchemaVersion version = schema(staged.get(0));
    String table = versionTable(staged.get(0));
    staged.subList(0, 10).forEach(run -> load(run, version));

    BatchLoaded loaded = batches.load(table, staged);
    StageResults.BatchLoaded alone = load(staged.get(20), version);

    assertEquals(staged.subList(0, 10).stream().map(r -> r.run().jobId()).toList(), loaded.skippedJobs());
    assertEquals(40, loaded.loadedJobs().size());
    assertEquals(List.of(staged.get(20).run().jobId()), alone.alreadyLoadedJobs());
    assertEquals(50L * ROWS_PER_RUN, harness.tables.countRows(table));
    staged.forEach(run -> assertEquals(ROWS_PER_RUN, versions.jobRows(table, run), run.run().jobId()));
  }

  @Test
  void aJobLoadedAloneBetweenAFailedBatchAndItsRetryIsLoadedOnce() throws IOException {
    List<StagedRun> staged = stageRuns(20, ROWS_PER_RUN);
    SchemaVersion version = schema(staged.get(0));
    String table = versionTable(staged.get(0));
    StagedRun broken = staged.get(19);
    Path stagedFile = Path.of(java.net.URI.create(broken.files().get(0).path()));
    byte[] content = Files.readAllBytes(stagedFile);
    Files.delete(stagedFile);
    assertThrows(RuntimeException.class, () -> batches.load(table, staged));
    long versionAfterFailure = harness.tables.latestVersion(table);

    load(staged.get(0), version);
    Files.write(stagedFile, content);
    BatchLoaded retried = batches.load(table, staged);

    assertEquals(versionAfterFailure + 2, retried.tableVersion());
    assertEquals(List.of(staged.get(0).run().jobId()), retried.skippedJobs());
    assertEquals(20L * ROWS_PER_RUN, harness.tables.countRows(table));
    staged.forEach(run -> assertEquals(ROWS_PER_RUN, versions.jobRows(table, run), run.run().jobId()));
  }

  @Test
  void runsTogetherOverAMegabyteLeaveNoFileUnderAMegabyte() throws IOException {
    List<StagedRun> staged = stageRuns(20, 4_000);
    String table = versionTable(staged.get(0));

    BatchLoaded loaded = batches.load(table, staged);

    assertEquals(1, loaded.files().size());
    assertTrue(loaded.files().get(0).size() >= 1024 * 1024, "merged file of " + loaded.files().get(0).size() + " bytes");
    assertTrue(staged.get(0).files().get(0).size() < 1024 * 1024);
    assertEquals(20L * 4_000, harness.tables.countRows(table));
  }

  private List<StagedRun> stageRuns(int runs, int rowsPerRun) {
    source = new SourceBuilder(dir.resolve("source")).workflow("shop");
    List<RunRef> refs = new ArrayList<>();
    for (int job = 1; job <= runs; job++) {
      SourceBuilder.Run run = source.run("shop", String.format("job-%03d", job))
          .field("title", "STRING").field("n", "INTEGER");
      for (int row = 0; row < rowsPerRun; row++) {
        // Text that does not compress away, so sizes resemble real scraped rows.
        run.row("title", "item " + job + "/" + row + " " + Long.toHexString(row * 0x9E3779B97F4A7C15L + job)
            + Long.toHexString((row + 7L) * 0xC2B2AE3D27D4EB4FL ^ job), "n", row);
      }
      refs.add(run.write());
    }
    harness = new PipelineHarness(source.root(), dir.resolve("data"), "acme");
    harness.onboard();
    batches = new BatchLoads(harness.tables, harness.lakehouse.conf());
    versions = new VersionTables(harness.lakehouse, harness.tables);
    DeliveryActivitiesImpl d = harness.activities.delivery();
    List<StagedRun> staged = refs.stream().map(ref -> d.stage(request(ref))).toList();
    schema(staged.get(0));
    return staged;
  }

  private SchemaVersion schema(StagedRun staged) {
    return harness.activities.delivery().schema(request(staged.run()), staged);
  }

  /** LOAD of a delivery of one run. */
  private StageResults.BatchLoaded load(StagedRun staged, SchemaVersion version) {
    return harness.activities.delivery().load(PipelineHarness.alone(request(staged.run()), staged, version));
  }

  private String versionTable(StagedRun staged) {
    return versions.versionPath("acme", staged.run().workflowId(), 1);
  }

  private DeliveryRequest request(RunRef run) {
    return new DeliveryRequest(harness.spec, run, false);
  }
}
