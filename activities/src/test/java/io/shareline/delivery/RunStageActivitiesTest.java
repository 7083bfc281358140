package io.shareline.delivery;

import io.shareline.delivery.stages.RunStageActivitiesImpl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.ledger.Ledger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-run LOAD..VERIFY types older deliveries still schedule, over a real lakehouse. */
class RunStageActivitiesTest {
  @TempDir Path dir;

  @Test
  void thePerRunStageTypesDeliverARunOnceAndRecordEachStageInItsLedger() {
    SourceBuilder source = new SourceBuilder(dir.resolve("source")).workflow("shop");
    RunRef run = source.run("shop", "job-1").field("title", "STRING").row("title", "a").row("title", "b").write();
    PipelineHarness harness = new PipelineHarness(source.root(), dir.resolve("data"), "acme");
    harness.onboard();
    DeliveryRequest request = new DeliveryRequest(harness.spec, run, false);
    StagedRun staged = harness.activities.delivery().stage(request);
    SchemaVersion version = harness.activities.delivery().schema(request, staged);
    RunStageActivitiesImpl stages = harness.activities.runStages();

    StageResults.Loaded loaded = stages.load(request, staged, version);
    StageResults.Loaded again = stages.load(request, staged, version);
    stages.publish(request, staged, version);
    stages.share(request, version);
    StageResults.Verified verified = stages.verify(request, staged, version);

    assertFalse(loaded.alreadyApplied());
    assertEquals(2, loaded.rowsAdded());
    assertTrue(again.alreadyApplied());
    assertEquals(2, verified.jobRowsInVersionTable());
    assertEquals(2, harness.tables.countRows(harness.table(version.tableName())));
    List<String> stagesRecorded = new Ledger(harness.lakehouse).attempts("acme", "shop", "job-1").stream()
        .map(Ledger.Attempt::stage).distinct().toList();
    assertEquals(List.of("STAGE", "SCHEMA", "LOAD", "PUBLISH", "SHARE", "VERIFY"), stagesRecorded);
  }
}
