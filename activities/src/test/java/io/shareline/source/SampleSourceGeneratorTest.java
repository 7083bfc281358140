package io.shareline.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.schema.FieldSpec;
import io.shareline.schema.PublicField;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleSourceGeneratorTest {

  @TempDir Path root;
  SampleSummary summary;
  RunSource source;

  @BeforeEach
  void generateDemo() {
    summary = SampleSourceGenerator.generate(root, SampleSpec.demo());
    source = new RunSource(new Configuration(), root.toString());
  }

  private static TreeMap<String, byte[]> files(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      TreeMap<String, byte[]> files = new TreeMap<>();
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<ObjectNode> rows(String workflowId, String jobId) {
    try (RowStream stream = source.openRows(workflowId, jobId)) {
      List<ObjectNode> rows = new java.util.ArrayList<>();
      stream.forEachRemaining(rows::add);
      return rows;
    }
  }

  @Test
  void sameSeedGivesByteIdenticalFiles(@TempDir Path other) {
    SampleSourceGenerator.generate(other, SampleSpec.demo());

    TreeMap<String, byte[]> first = files(root);
    TreeMap<String, byte[]> second = files(other);
    assertEquals(first.keySet(), second.keySet());
    first.forEach((name, bytes) -> assertArrayEquals(bytes, second.get(name), name));
  }

  @Test
  void differentSeedGivesDifferentRows(@TempDir Path other) {
    SampleSummary otherSummary = SampleSourceGenerator.generate(other, new SampleSpec(7L, 3, 4, 50, true));
    RunSource otherSource = new RunSource(new Configuration(), other.toString());
    String job = summary.workflows().get(0).jobIds().get(0);
    String otherJob = otherSummary.workflows().get(0).jobIds().get(0);

    try (RowStream mine = source.openRows("product-prices-1", job);
        RowStream theirs = otherSource.openRows("product-prices-1", otherJob)) {
      assertNotEquals(mine.next(), theirs.next());
    }
  }

  @Test
  void demoHasThreeWorkflowsOfFourRunsOfAboutFiftyRows() {
    assertEquals(List.of("contacts-1", "job-board-1", "product-prices-1"), source.listWorkflowIds());
    for (SampleSummary.Workflow w : summary.workflows()) {
      assertEquals(w.jobIds(), source.listJobIds(w.id()));
      w.runs().forEach(r -> assertTrue(r.rowCount() >= 40 && r.rowCount() <= 60, r.toString()));
    }
  }

  @Test
  void everyRunReadsBackWithItsDeclaredRowCount() {
    long total = 0;
    for (SampleSummary.Workflow w : summary.workflows()) {
      for (SampleRun r : w.runs()) {
        RunInfo run = source.readRun(w.id(), r.jobId());
        try (RowStream stream = source.openRows(w.id(), r.jobId())) {
          stream.forEachRemaining(row -> { });
          stream.verifyRowCount(run.rowCount());
        }
        assertEquals("SUCCEEDED", run.status());
        assertEquals(r.rowCount(), run.rowCount());
        total += run.rowCount();
      }
    }
    assertEquals(summary.totalRows(), total);
  }

  @Test
  void jobIdsSortByTimeAndFinishedAtIncreases() {
    for (SampleSummary.Workflow w : summary.workflows()) {
      List<String> jobs = source.listJobIds(w.id());
      for (int i = 1; i < jobs.size(); i++) {
        assertTrue(jobs.get(i).matches("job-\\d{14}-\\d+"), jobs.get(i));
        assertTrue(source.readRun(w.id(), jobs.get(i)).finishedAt()
            .isAfter(source.readRun(w.id(), jobs.get(i - 1)).startedAt()));
        assertTrue(source.readRun(w.id(), jobs.get(i)).finishedAt()
            .isAfter(source.readRun(w.id(), jobs.get(i - 1)).finishedAt()));
      }
    }
  }

  @Test
  void productPricesChangesSchemaHalfWayWithAnAddedFieldAndAChangedType() {
    List<String> jobs = source.listJobIds("product-prices-1");
    PublicSchema before = PublicSchema.of(source.readRun("product-prices-1", jobs.get(0)).schema());
    PublicSchema after = PublicSchema.of(source.readRun("product-prices-1", jobs.get(3)).schema());

    assertEquals(before.fingerprint(), PublicSchema.of(source.readRun("product-prices-1", jobs.get(1)).schema()).fingerprint());
    assertNotEquals(before.fingerprint(), after.fingerprint());
    assertFalse(before.columnNames().contains("discount_pct"));
    assertTrue(after.columnNames().contains("discount_pct"));
    assertEquals("NUMBER", typeOf(before, "rating"));
    assertEquals("STRING", typeOf(after, "rating"));
  }

  private static String typeOf(PublicSchema schema, String column) {
    return schema.fields().stream().filter(f -> f.columnName().equals(column)).findFirst().orElseThrow().type().toString();
  }

  @Test
  void privateFieldsAreInTheSourceButNotInThePublicSchema() {
    for (SampleSummary.Workflow w : summary.workflows()) {
      RunInfo run = source.readRun(w.id(), w.jobIds().get(0));
      Set<String> all = run.schema().stream().map(FieldSpec::name).collect(Collectors.toSet());
      Set<String> published = PublicSchema.of(run.schema()).fields().stream()
          .map(PublicField::sourceName).collect(Collectors.toSet());

      assertTrue(all.containsAll(Set.of("_raw_html", "_session")), w.id());
      assertFalse(published.contains("_raw_html") || published.contains("_session"), w.id());
      assertEquals(1, source.readWorkflow(w.id()).privateFields().size(), w.id());
      assertFalse(published.containsAll(source.readWorkflow(w.id()).privateFields()), w.id());
    }
  }

  @Test
  void fieldPrivateOnlyByWorkflowJsonIsNotMarkedInRunJson() throws Exception {
    Path runJson = root.resolve("workflows/product-prices-1/runs")
        .resolve(summary.workflows().get(0).jobIds().get(0)).resolve("run.json");
    for (JsonNode field : SourceFixture.JSON.readTree(runJson.toFile()).get("schema")) {
      if (field.get("name").asText().equals("cost_price")) {
        assertFalse(field.has("private"));
      }
    }
    assertEquals(Set.of("cost_price"), source.readWorkflow("product-prices-1").privateFields());
    assertEquals(Set.of("notes"), source.readWorkflow("contacts-1").privateFields());
  }

  @Test
  void objectValuesHideNestedPrivateKeysThatCastingStrips() {
    String jobId = summary.workflows().get(0).jobIds().get(0);
    List<ObjectNode> rows = rows("product-prices-1", jobId);
    ValueCaster caster = new ValueCaster();

    assertTrue(rows.stream().anyMatch(r -> r.path("seller").toString().contains("\"_store_token\"")));
    for (ObjectNode row : rows) {
      Object seller = caster.cast(row.get("seller"), io.shareline.schema.SourceType.parse("OBJECT"));
      assertFalse(seller != null && seller.toString().contains("\"_"), String.valueOf(seller));
    }
  }

  @Test
  void someRunsAreGzippedAndStillRead() {
    List<SampleRun> gzipped = summary.workflows().stream().flatMap(w -> w.runs().stream()).filter(SampleRun::gzipped).toList();

    assertFalse(gzipped.isEmpty());
    for (SampleRun r : gzipped) {
      assertTrue(Files.exists(root.resolve("workflows").resolve(r.workflowId()).resolve("runs").resolve(r.jobId()).resolve("rows.jsonl.gz")));
      assertEquals(r.rowCount(), rows(r.workflowId(), r.jobId()).size());
    }
  }

  @Test
  void lenientCastingNullsSomeValuesAndKeepsMostOfThem() {
    ValueCaster caster = new ValueCaster();
    long cast = 0;
    for (SampleSummary.Workflow w : summary.workflows()) {
      for (String jobId : w.jobIds()) {
        List<PublicField> fields = PublicSchema.of(source.readRun(w.id(), jobId).schema()).fields();
        for (ObjectNode row : rows(w.id(), jobId)) {
          for (PublicField f : fields) {
            cast += caster.cast(row.get(f.sourceName()), f.type()) != null ? 1 : 0;
          }
        }
      }
    }
    assertTrue(caster.rejected() > 0);
    assertTrue(caster.rejected() * 10 < cast, caster.rejected() + " rejected of " + cast);
  }

  @Test
  void activityLogHoldsAllowlistedAndOtherFields() throws Exception {
    List<Path> days;
    try (Stream<Path> files = Files.list(root.resolve("activity"))) {
      days = files.sorted().toList();
    }
    assertFalse(days.isEmpty());
    JsonNode event = SourceFixture.JSON.readTree(Files.readAllLines(days.get(days.size() - 1)).get(0));
    for (String key : List.of("occurred_at", "event_type", "event_title", "resource_name", "workflow_id",
        "request_source", "user_email", "payload")) {
      assertTrue(event.has(key), key);
    }
  }

  @Test
  void appendedRunIsNewestAndKeepsTheLatestSchema() {
    List<String> before = source.listJobIds("product-prices-1");

    SampleRun run = SampleSourceGenerator.appendRun(root, "product-prices-1", 99L, 12);

    List<String> after = source.listJobIds("product-prices-1");
    assertEquals(run.jobId(), after.get(after.size() - 1));
    assertEquals(before.size() + 1, after.size());
    assertEquals(12, rows("product-prices-1", run.jobId()).size());
    assertEquals(PublicSchema.of(source.readRun("product-prices-1", before.get(before.size() - 1)).schema()).fingerprint(),
        PublicSchema.of(source.readRun("product-prices-1", run.jobId()).schema()).fingerprint());
  }
}
