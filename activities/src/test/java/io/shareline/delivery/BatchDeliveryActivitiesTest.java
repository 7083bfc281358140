package io.shareline.delivery;

import io.shareline.delivery.stages.DeliveryActivitiesImpl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.lakehouse.MetadataTables;
import io.shareline.ledger.Ledger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch stages of a backfill over a real lakehouse: one commit per table, each job once. */
class BatchDeliveryActivitiesTest {
  private static final int RUNS = 12;
  private static final int ROWS_PER_RUN = 3;

  @TempDir Path dir;
  private PipelineHarness harness;
  private StagedBatch batch;

  @BeforeEach
  void stageAndRegisterTwelveRuns() {
    SourceBuilder source = new SourceBuilder(dir.resolve("source")).workflow("shop");
    List<RunRef> refs = new ArrayList<>();
    for (int job = 1; job <= RUNS; job++) {
      SourceBuilder.Run run = source.run("shop", String.format("job-%02d", job)).field("title", "STRING");
      for (int row = 0; row < ROWS_PER_RUN; row++) {
        run.row("title", "item " + job + "/" + row);
      }
      refs.add(run.write());
    }
    harness = new PipelineHarness(source.root(), dir.resolve("data"), "acme");
    harness.onboard();
    DeliveryActivitiesImpl d = harness.activities.delivery();
    List<StagedRun> staged = refs.stream().map(ref -> d.stage(request(ref))).toList();
    // SCHEMA per run, as the batch workflow runs it.
    List<SchemaVersion> versions = staged.stream().map(run -> d.schema(request(run.run()), run)).toList();
    batch = new StagedBatch(harness.spec, versions.get(0), staged);
  }

  @Test
  void aBatchIsDeliveredWithOneCommitPerTableAndVerifiedPerJob() {
    DeliveryActivitiesImpl b = harness.activities.delivery();
    long runsVersion = harness.tables.latestVersion(harness.table(MetadataTables.RUNS));

    StageResults.BatchLoaded loaded = b.load(batch);
    b.publish(batch);
    b.share(batch);
    StageResults.BatchVerified verified = b.verify(batch);

    assertEquals(RUNS, loaded.loadedJobs().size());
    assertEquals(1, harness.tables.dataFileNames(harness.table("wf_shop__v1")).size());
    assertEquals(runsVersion + 1, harness.tables.latestVersion(harness.table(MetadataTables.RUNS)));
    assertEquals(RUNS, harness.tables.countRows(harness.table(MetadataTables.RUNS)));
    batch.jobIds().forEach(job -> assertEquals(ROWS_PER_RUN, verified.jobRows().get(job), job));
    assertTrue(verified.latestPromoted());
    assertEquals((long) RUNS * ROWS_PER_RUN, harness.tables.countRows(harness.table("wf_shop__latest")));
  }

  @Test
  void repeatedBatchStagesAndRunsDeliveredAloneAfterwardsAddNothing() {
    DeliveryActivitiesImpl b = harness.activities.delivery();
    b.load(batch);
    b.publish(batch);
    long dataVersion = harness.tables.latestVersion(harness.table("wf_shop__v1"));
    long runsVersion = harness.tables.latestVersion(harness.table(MetadataTables.RUNS));

    StageResults.BatchLoaded again = b.load(batch);
    StageResults.Published publishedAgain = b.publish(batch);
    RunRef fourth = batch.runs().get(3).run();
    StageResults.BatchVerified alone = harness.deliver(new DeliveryRequest(harness.spec, fourth, true));

    assertEquals(RUNS, again.loadedJobs().size(), "the committed batch's jobs, found again");
    assertFalse(publishedAgain.runRecorded());
    assertEquals(ROWS_PER_RUN, alone.jobRows().get(fourth.jobId()));
    assertEquals(dataVersion, harness.tables.latestVersion(harness.table("wf_shop__v1")));
    assertEquals(runsVersion, harness.tables.latestVersion(harness.table(MetadataTables.RUNS)));
    assertEquals(RUNS, harness.tables.countRows(harness.table(MetadataTables.RUNS)));
    assertEquals((long) RUNS * ROWS_PER_RUN, harness.tables.countRows(harness.table("wf_shop__v1")));
  }

  @Test
  void eachBatchStageIsInTheLedgerOfEveryJob() {
    DeliveryActivitiesImpl b = harness.activities.delivery();
    b.load(batch);
    b.publish(batch);
    b.share(batch);
    b.verify(batch);

    Ledger ledger = new Ledger(harness.lakehouse);
    for (String job : batch.jobIds()) {
      List<String> stages = ledger.attempts("acme", "shop", job).stream().map(Ledger.Attempt::stage).toList();
      assertEquals(List.of("STAGE", "SCHEMA", "LOAD", "PUBLISH", "SHARE", "VERIFY"),
          stages.stream().distinct().toList(), job);
    }
  }

  private DeliveryRequest request(RunRef run) {
    return new DeliveryRequest(harness.spec, run, true);
  }
}
