package io.shareline.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shareline.delivery.stages.DeliveryActivitiesImpl;
import io.shareline.ledger.Ledger;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STAGE and SCHEMA of several runs in one activity, over a real source and lakehouse. */
class StagesOfSeveralRunsTest {
  @TempDir Path dir;

  @Test
  void aLaterRunFailingEndsTheStageWithTheRunsBeforeItAndItsFailureInOneLedgerWrite() {
    Source source = source(List.of("j1", "j2", "j3", "j4"), "j3");
    DeliveryActivitiesImpl d = source.harness.activities.delivery();
    d.stage(new DeliveryRequest(source.harness.spec, source.runs.get(3), true)); // creates the ledger
    String ledgerTable = source.harness.lakehouse.internalPath("acme", "ledger");
    long before = source.harness.tables.latestVersion(ledgerTable);

    StageResults.RunsStaged staged = d.stageRuns(new BatchRequest(source.harness.spec, source.runs, true));

    assertEquals(List.of("j1", "j2"), staged.staged().stream().map(r -> r.run().jobId()).toList());
    assertEquals(source.runs.get(2), staged.failed().run());
    assertEquals("SOURCE_MALFORMED", staged.failed().type());
    assertFalse(staged.failed().retryable());
    List<Ledger.Attempt> attempts = new Ledger(source.harness.lakehouse).all("acme").stream()
        .filter(a -> !a.jobId().equals("j4")).toList();
    assertEquals(List.of("SUCCEEDED", "SUCCEEDED", "FAILED"), attempts.stream().map(Ledger.Attempt::outcome).toList());
    assertEquals(before + 1, source.harness.tables.latestVersion(ledgerTable), "one ledger commit for the three runs");
  }

  @Test
  void theFirstRunFailingFailsTheActivity() {
    Source source = source(List.of("j1", "j2"), "j1");
    DeliveryActivitiesImpl d = source.harness.activities.delivery();

    ApplicationFailure failure = assertThrows(ApplicationFailure.class,
        () -> d.stageRuns(new BatchRequest(source.harness.spec, source.runs, true)));

    assertEquals("SOURCE_MALFORMED", failure.getType());
  }

  @Test
  void schemaVersionsOfSeveralRunsAreDecidedTogether() {
    Source source = source(List.of("j1", "j2", "j3"), null);
    DeliveryActivitiesImpl d = source.harness.activities.delivery();
    BatchRequest batch = new BatchRequest(source.harness.spec, source.runs, true);
    StageResults.RunsStaged staged = d.stageRuns(batch);

    StageResults.SchemasDecided decided = d.schemaRuns(batch, staged.staged());

    assertNull(decided.failed());
    assertEquals(List.of(1, 1, 1), decided.versions().stream().map(SchemaVersion::version).toList());
    assertEquals(1L, source.harness.tables.countRows(source.harness.table("workflow_schema_versions")));
  }

  private record Source(PipelineHarness harness, List<RunRef> runs) {}

  /** Runs of one workflow, {@code malformed} (if any) holding a line that is not a JSON object. */
  private Source source(List<String> jobs, String malformed) {
    SourceBuilder builder = new SourceBuilder(dir.resolve("source")).workflow("shop");
    List<RunRef> runs = new ArrayList<>();
    for (String job : jobs) {
      SourceBuilder.Run run = builder.run("shop", job).field("title", "STRING").row("title", "item of " + job);
      if (job.equals(malformed)) {
        run.line("[1, 2]");
      }
      runs.add(run.write());
    }
    PipelineHarness harness = new PipelineHarness(builder.root(), dir.resolve("data"), "acme");
    harness.onboard();
    return new Source(harness, runs);
  }
}
