package io.shareline.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.activities.SharelineActivities;
import io.shareline.backfill.BackfillPage;
import io.shareline.backfill.BackfillPageRequest;
import io.shareline.connector.onboarding.OnboardingActivitiesImpl;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.RunRef;
import io.shareline.source.SampleRun;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.source.SampleSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** planBackfillPage over a real source folder: each run's rows-file size as stored, for cutting batches by bytes. */
class BackfillPagePlanningTest {
  @TempDir Path dir;

  @Test
  void eachRunOfThePageCarriesItsRowsFileSizeAsStoredGzippedOrNot() {
    SampleSummary sample = SampleSourceGenerator.generate(dir.resolve("source"), new SampleSpec(7L, 2, 3, 20, true));

    BackfillPage page = plan(100);

    assertEquals(6, page.runs().size());
    assertEquals(sizesOnDisk(sample), page.inputBytes());
    assertTrue(runs(sample).stream().anyMatch(SampleRun::gzipped), "the sample holds gzipped runs");
  }

  @Test
  void aPageSizesOnlyItsOwnRuns() {
    SampleSourceGenerator.generate(dir.resolve("source"), new SampleSpec(7L, 2, 3, 20, true));

    BackfillPage page = plan(2);

    assertEquals(page.runs().stream().map(RunRef::key).collect(Collectors.toSet()),
        page.inputBytes().keySet());
  }

  @Test
  void aRunWithoutRowsFileIsPlannedWithoutASize() throws IOException {
    SampleSummary sample = SampleSourceGenerator.generate(dir.resolve("source"), new SampleSpec(7L, 1, 2, 20, false));
    SampleRun gone = runs(sample).get(0);
    Files.delete(rowsFile(gone));

    BackfillPage page = plan(100);

    RunRef unsized = new RunRef(gone.workflowId(), gone.jobId());
    assertTrue(page.runs().contains(unsized), "it is still planned, to fail visibly at STAGE");
    assertFalse(page.inputBytes().containsKey(unsized.key()));
    assertEquals(sizesOnDisk(sample), page.inputBytes());
  }

  private BackfillPage plan(int pageSize) {
    ConnectorSpec spec = new ConnectorSpec("acme", dir.resolve("source").toString(), "local", "acme-recipient",
        List.of(), false, null);
    OnboardingActivitiesImpl onboarding =
        SharelineActivities.create(dir.resolve("data").toString(), new Configuration()).onboarding();
    return onboarding.planBackfillPage(new BackfillPageRequest(spec, null, pageSize));
  }

  private static List<SampleRun> runs(SampleSummary sample) {
    return sample.workflows().stream().flatMap(w -> w.runs().stream()).toList();
  }

  private Path rowsFile(SampleRun run) {
    return dir.resolve("source/workflows").resolve(run.workflowId()).resolve("runs").resolve(run.jobId())
        .resolve(run.gzipped() ? "rows.jsonl.gz" : "rows.jsonl");
  }

  private Map<String, Long> sizesOnDisk(SampleSummary sample) {
    Map<String, Long> sizes = new HashMap<>();
    for (SampleRun run : runs(sample)) {
      Path rows = rowsFile(run);
      if (Files.exists(rows)) {
        try {
          sizes.put(new RunRef(run.workflowId(), run.jobId()).key(), Files.size(rows));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return sizes;
  }
}
