package io.shareline.delivery;

import io.shareline.delivery.stages.DeliveryActivitiesImpl;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shareline.lakehouse.MetadataTables;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.source.SampleSummary;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage whose side effect landed but whose completion was lost (a crash, a timeout) is run again by
 * Temporal. Each stage here runs twice in a row, as such a retry would, and the tables must end up
 * exactly as after one clean delivery.
 */
class RepeatedStagesTest {
  @TempDir Path dir;

  @Test
  void everyStageRepeatedAfterItsSideEffectLeavesTheTablesAsOneDeliveryWould() {
    SampleSummary sample = SampleSourceGenerator.generate(dir.resolve("source"), new SampleSpec(4L, 2, 3, 20, true));
    PipelineHarness clean = new PipelineHarness(dir.resolve("source"), dir.resolve("clean"), "acme");
    clean.onboardAndDeliverAll();
    PipelineHarness retried = new PipelineHarness(dir.resolve("source"), dir.resolve("retried"), "acme");
    List<RunRef> runs = retried.onboard().runs();
    deliverWithEveryStageTwice(retried, runs.get(runs.size() - 1));
    runs.subList(0, runs.size() - 1).forEach(run -> deliverWithEveryStageTwice(retried, run));

    assertEquals(rowCounts(clean), rowCounts(retried));
    assertEquals(sample.workflows().stream().mapToLong(w -> w.runs().size()).sum(),
        retried.tables.countRows(retried.table(MetadataTables.RUNS)));
  }

  @Test
  void aStageRetriedAfterLaterStagesRanAddsNothing() {
    SampleSourceGenerator.generate(dir.resolve("source"), new SampleSpec(4L, 1, 2, 20, false));
    PipelineHarness harness = new PipelineHarness(dir.resolve("source"), dir.resolve("data"), "acme");
    List<RunRef> runs = harness.onboard().runs();
    RunRef run = runs.get(0);
    DeliveryRequest request = new DeliveryRequest(harness.spec, run, false);
    DeliveryActivitiesImpl d = harness.activities.delivery();
    StagedRun staged = d.stage(request);
    StagedBatch first = PipelineHarness.alone(request, staged, d.schema(request, staged));
    d.load(first);
    d.publish(first);
    Map<String, Long> before = rowCounts(harness);

    StagedRun restaged = d.stage(request);
    StagedBatch again = PipelineHarness.alone(request, restaged, d.schema(request, restaged));
    StageResults.BatchLoaded reloaded = d.load(again);
    d.publish(again);
    d.share(again);
    d.verify(again);

    assertEquals(List.of(run.jobId()), reloaded.alreadyLoadedJobs());
    Map<String, Long> after = rowCounts(harness);
    after.keySet().retainAll(before.keySet());
    assertEquals(before, after);
  }

  private static void deliverWithEveryStageTwice(PipelineHarness h, RunRef run) {
    DeliveryRequest request = new DeliveryRequest(h.spec, run, false);
    DeliveryActivitiesImpl d = h.activities.delivery();
    d.stage(request);
    StagedRun staged = d.stage(request);
    d.schema(request, staged);
    StagedBatch alone = PipelineHarness.alone(request, staged, d.schema(request, staged));
    d.load(alone);
    d.load(alone);
    d.publish(alone);
    d.publish(alone);
    d.share(alone);
    d.share(alone);
    d.verify(alone);
    d.verify(alone);
  }

  private static Map<String, Long> rowCounts(PipelineHarness h) {
    Map<String, Long> out = new TreeMap<>();
    String[] tables = new java.io.File(h.lakehouse.storagePath("acme")).list();
    Arrays.sort(tables);
    for (String table : tables) {
      out.put(table, h.tables.countRows(h.table(table)));
    }
    return out;
  }
}
