package io.shareline.acceptance;

import io.shareline.delivery.PipelineHarness;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.schema.FieldSpec;
import io.shareline.schema.PublicField;
import io.shareline.schema.SourceType;
import io.shareline.source.PublicSchema;
import io.shareline.source.SampleRun;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.source.SampleSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published tables are plain Delta, readable without Delta Kernel, and hold exactly the source's
 * public rows: checked by {@link PlainDeltaReader} (Jackson + parquet-hadoop) against the source files
 * read here with Jackson. Shareline classes are used only to name columns ({@link PublicSchema}) and to
 * drive the pipeline.
 */
class IndependentReaderTest {

  private static final String CONNECTOR = "acme";
  /** Private text shorter than this is not searched for (it could occur by chance, e.g. "Lyon"). */
  private static final int MIN_SECRET_LENGTH = 6;
  private static final Set<SourceType.Kind> TEXT_KINDS = Set.of(
      SourceType.Kind.STRING, SourceType.Kind.LINK, SourceType.Kind.IMAGE, SourceType.Kind.EMAIL, SourceType.Kind.PHONE);

  @TempDir static Path dir;
  private static SampleSummary sample;
  private static Path tables;
  private static final PlainDeltaReader reader = new PlainDeltaReader();
  private static final Map<String, List<Map<String, Object>>> rowsByTable = new HashMap<>();

  @BeforeAll
  static void deliverTheSample() {
    Path source = dir.resolve("source");
    sample = SampleSourceGenerator.generate(source, new SampleSpec(23L, 3, 4, 40, true));
    new PipelineHarness(source, dir.resolve("data"), CONNECTOR).onboardAndDeliverAll();
    tables = dir.resolve("data").resolve("lakehouse").resolve(CONNECTOR);
  }

  @Test
  void everyPublishedTableIsPlainDeltaWithoutUnderscoreColumns() throws IOException {
    Set<String> names = tableNames();
    Set<String> expected = new TreeSet<>(MetadataTables.ALL);
    for (SampleSummary.Workflow wf : sample.workflows()) {
      expected.add(Lakehouse.versionTable(wf.id(), 1));
      expected.add(Lakehouse.latestTable(wf.id()));
    }
    assertTrue(names.containsAll(expected), "tables " + names + " lack some of " + expected);

    for (String name : names) {
      PlainDeltaReader.Table table = reader.open(tables.resolve(name));
      assertFalse(table.schema().isEmpty(), name + " has no column");
      for (String column : table.columnNames()) {
        assertFalse(column.startsWith("_"), name + " publishes column " + column);
      }
      for (PlainDeltaReader.LiveFile file : table.files()) {
        assertTrue(PlainDeltaReader.CODECS.containsAll(reader.codecs(file.file())),
            name + "/" + file.path() + " is " + reader.codecs(file.file()));
      }
      // Reads every live file: types, codecs and per-file row counts are checked on the way.
      assertFalse(rows(name).isEmpty(), name + " is empty after delivering every run");
    }
  }

  @Test
  void versionTablesHoldExactlyTheSourcePublicRowsOfEachJob() {
    long compared = 0;
    for (SampleSummary.Workflow wf : sample.workflows()) {
      for (SampleRun run : wf.runs()) {
        SourceRun src = readSourceRun(wf.id(), run.jobId());
        PublicSchema schema = PublicSchema.of(src.fieldSpecs());
        String table = tableOfJob(wf.id(), schema.jobIdColumn(), run.jobId());
        PlainDeltaReader.Table delta = reader.open(tables.resolve(table));
        assertEquals(schema.columnNames(), delta.columnNames(), "columns of " + table);

        List<Map<String, Object>> actual = rows(table).stream()
            .filter(r -> run.jobId().equals(r.get(schema.jobIdColumn()))).toList();
        assertEquals(src.rows().size(), actual.size(), "rows of " + run.jobId() + " in " + table);
        assertEquals(run.rowCount(), actual.size(), "rows of " + run.jobId() + " (generator's count)");

        long finishedMicros = ChronoUnit.MICROS.between(Instant.EPOCH, src.finishedAt());
        for (Map<String, Object> row : actual) {
          assertEquals(finishedMicros, row.get(schema.runFinishedAtColumn()), "run finished at, " + run.jobId());
          assertNotNull(row.get(schema.deliveredAtColumn()), "delivered at, " + run.jobId());
        }
        compareRows(run.jobId(), schema.fields(), src.rows(), actual);
        compared += actual.size();
      }
    }
    assertEquals(sample.totalRows(), compared);
  }

  @Test
  void noPrivateValueOrNestedPrivateKeyAppearsInAnyTable() throws IOException {
    Set<String> secrets = new HashSet<>();
    Set<String> publicText = new HashSet<>();
    Set<String> privateNames = new HashSet<>();
    for (SampleSummary.Workflow wf : sample.workflows()) {
      for (SampleRun run : wf.runs()) {
        SourceRun src = readSourceRun(wf.id(), run.jobId());
        src.privateNames().forEach(privateNames::add);
        for (JsonNode row : src.rows()) {
          row.properties().forEach(e -> {
            if (src.privateNames().contains(e.getKey())) {
              leaves(e.getValue(), secrets::add);
            } else {
              publicLeaves(e.getValue(), publicText::add, secrets::add);
            }
          });
        }
      }
    }
    secrets.removeAll(publicText);
    secrets.removeIf(s -> s.length() < MIN_SECRET_LENGTH);
    assertTrue(secrets.size() > 100, "the sample has private values to look for: " + secrets.size());
    assertTrue(privateNames.containsAll(Set.of("cost_price", "recruiter_notes", "notes", "_raw_html", "_session")),
        "private fields seen: " + privateNames);

    for (String name : tableNames()) {
      for (Map<String, Object> row : rows(name)) {
        for (Map.Entry<String, Object> cell : row.entrySet()) {
          strings(cell.getValue(), s -> {
            for (String secret : secrets) {
              if (s.contains(secret)) {
                fail(name + "." + cell.getKey() + " holds the private value '" + secret + "': " + s);
              }
            }
            String t = s.strip();
            if (t.startsWith("{") || t.startsWith("[")) {
              JsonNode json;
              try {
                json = PlainDeltaReader.JSON.readTree(t);
              } catch (IOException notJson) {
                return;
              }
              String key = privateKey(json);
              assertEquals(null, key, name + "." + cell.getKey() + " holds nested private key " + key + ": " + s);
            }
          });
        }
      }
    }
    for (Map<String, Object> field : rows(MetadataTables.SCHEMA_FIELDS)) {
      assertFalse(privateNames.contains((String) field.get("source_name")),
          "workflow_schema_fields lists a private field: " + field);
      assertFalse(((String) field.get("column_name")).startsWith("_"), "column " + field);
    }
  }

  @Test
  void latestHoldsExactlyTheRowsOfTheNewestVersion() {
    for (SampleSummary.Workflow wf : sample.workflows()) {
      int newest = 1;
      while (Files.isDirectory(tables.resolve(Lakehouse.versionTable(wf.id(), newest + 1)))) {
        newest++;
      }
      String version = Lakehouse.versionTable(wf.id(), newest);
      String latest = Lakehouse.latestTable(wf.id());
      assertEquals(reader.open(tables.resolve(version)).schema(), reader.open(tables.resolve(latest)).schema(),
          "schema of " + latest);
      assertEquals(countBy(rows(version), "shareline_job_id"), countBy(rows(latest), "shareline_job_id"),
          "rows per job of " + latest + " vs " + version);
      assertEquals(multiset(rows(version)), multiset(rows(latest)), "rows of " + latest + " vs " + version);
    }
    SampleSummary.Workflow changed = sample.workflows().get(0);
    assertTrue(Files.isDirectory(tables.resolve(Lakehouse.versionTable(changed.id(), 2))),
        "the product-price schema change makes version 2");
  }

  // ---- comparison ----

  /**
   * Matches rows on their text and object columns (as a multiset, so file order does not matter); within
   * each match, every integral source value of an INTEGER column must be among the published values.
   */
  private static void compareRows(String jobId, List<PublicField> fields, List<JsonNode> source, List<Map<String, Object>> actual) {
    List<PublicField> keyFields = fields.stream()
        .filter(f -> TEXT_KINDS.contains(f.type().kind()) || f.type().kind() == SourceType.Kind.OBJECT).toList();
    List<PublicField> integers = fields.stream().filter(f -> f.type().kind() == SourceType.Kind.INTEGER).toList();
    assertFalse(keyFields.isEmpty(), jobId + " has text columns to compare");

    Map<List<Object>, List<JsonNode>> expectedByKey = new LinkedHashMap<>();
    for (JsonNode row : source) {
      List<Object> key = new ArrayList<>();
      for (PublicField f : keyFields) {
        key.add(expected(row.get(f.sourceName()), f.type().kind()));
      }
      expectedByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
    }
    Map<List<Object>, List<Map<String, Object>>> actualByKey = new LinkedHashMap<>();
    for (Map<String, Object> row : actual) {
      List<Object> key = new ArrayList<>();
      for (PublicField f : keyFields) {
        Object v = row.get(f.columnName());
        key.add(f.type().kind() == SourceType.Kind.OBJECT && v != null ? PlainDeltaReader.parse((String) v) : v);
      }
      actualByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
    }
    if (!sizes(expectedByKey).equals(sizes(actualByKey))) {
      for (int i = 0; i < keyFields.size(); i++) {
        Map<Object, Long> e = new HashMap<>();
        Map<Object, Long> a = new HashMap<>();
        for (var k : sizes(expectedByKey).entrySet()) {
          e.merge(String.valueOf(k.getKey().get(i)), k.getValue(), Long::sum);
        }
        for (var k : sizes(actualByKey).entrySet()) {
          a.merge(String.valueOf(k.getKey().get(i)), k.getValue(), Long::sum);
        }
        assertEquals(e, a, jobId + ": values of " + keyFields.get(i).columnName());
      }
      fail(jobId + ": the rows differ in combination although each text column matches");
    }

    long integral = 0;
    for (var group : expectedByKey.entrySet()) {
      List<Map<String, Object>> published = actualByKey.get(group.getKey());
      for (PublicField f : integers) {
        Map<Object, Long> have = new HashMap<>();
        published.forEach(r -> have.merge(r.get(f.columnName()), 1L, Long::sum));
        for (JsonNode row : group.getValue()) {
          JsonNode v = row.get(f.sourceName());
          if (v != null && v.isIntegralNumber()) {
            Long count = have.get(v.longValue());
            assertTrue(count != null && count > 0,
                jobId + ": " + f.columnName() + " = " + v + " of the source is not published in " + published);
            have.put(v.longValue(), count - 1);
            integral++;
          }
        }
      }
    }
    assertTrue(integers.isEmpty() || integral > 0, jobId + ": no integral INTEGER value compared");
  }

  /** What a text column holds for a source value: its text; an object column: the object without private keys. */
  private static Object expected(JsonNode v, SourceType.Kind kind) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (kind == SourceType.Kind.OBJECT) {
      return v.isObject() ? withoutPrivateKeys(v) : null;
    }
    return v.isValueNode() ? v.asText() : null;
  }

  private static JsonNode withoutPrivateKeys(JsonNode v) {
    if (v.isObject()) {
      var out = PlainDeltaReader.JSON.createObjectNode();
      v.properties().forEach(e -> {
        if (!e.getKey().startsWith("_")) {
          out.set(e.getKey(), withoutPrivateKeys(e.getValue()));
        }
      });
      return out;
    }
    if (v.isArray()) {
      var out = PlainDeltaReader.JSON.createArrayNode();
      v.forEach(e -> out.add(withoutPrivateKeys(e)));
      return out;
    }
    return v;
  }

  /** The first object key starting with {@code _} at any depth, or null. */
  private static String privateKey(JsonNode json) {
    if (json.isObject()) {
      for (Map.Entry<String, JsonNode> e : json.properties()) {
        if (e.getKey().startsWith("_")) {
          return e.getKey();
        }
        String nested = privateKey(e.getValue());
        if (nested != null) {
          return nested;
        }
      }
    } else if (json.isArray()) {
      for (JsonNode e : json) {
        String nested = privateKey(e);
        if (nested != null) {
          return nested;
        }
      }
    }
    return null;
  }

  /** Text leaves of a public value: under a {@code _} key they are private, elsewhere public. */
  private static void publicLeaves(JsonNode v, Consumer<String> publicText, Consumer<String> secret) {
    if (v.isObject()) {
      v.properties().forEach(e -> {
        if (e.getKey().startsWith("_")) {
          leaves(e.getValue(), secret);
        } else {
          publicLeaves(e.getValue(), publicText, secret);
        }
      });
    } else if (v.isArray()) {
      v.forEach(e -> publicLeaves(e, publicText, secret));
    } else if (!v.isNull()) {
      publicText.accept(v.asText());
    }
  }

  private static void leaves(JsonNode v, Consumer<String> out) {
    if (v.isContainerNode()) {
      v.forEach(e -> leaves(e, out));
    } else if (v.isTextual()) {
      out.accept(v.asText());
    }
  }

  private static void strings(Object value, Consumer<String> out) {
    if (value instanceof String s) {
      out.accept(s);
    } else if (value instanceof List<?> list) {
      list.forEach(e -> strings(e, out));
    }
  }

  private static <K, V> Map<K, Long> sizes(Map<K, List<V>> groups) {
    Map<K, Long> out = new HashMap<>();
    groups.forEach((k, v) -> out.put(k, (long) v.size()));
    return out;
  }

  private static Map<Object, Long> countBy(List<Map<String, Object>> rows, String column) {
    Map<Object, Long> counts = new HashMap<>();
    rows.forEach(r -> counts.merge(r.get(column), 1L, Long::sum));
    return counts;
  }

  private static Map<Object, Long> multiset(List<Map<String, Object>> rows) {
    Map<Object, Long> counts = new HashMap<>();
    rows.forEach(r -> counts.merge(new ArrayList<>(r.entrySet()).toString(), 1L, Long::sum));
    return counts;
  }

  // ---- tables ----

  private static Set<String> tableNames() throws IOException {
    try (Stream<Path> children = Files.list(tables)) {
      Set<String> names = new TreeSet<>();
      children.forEach(p -> {
        assertTrue(Files.isDirectory(p), "a stray file in the connector folder: " + p);
        names.add(p.getFileName().toString());
      });
      return names;
    }
  }

  private static synchronized List<Map<String, Object>> rows(String table) {
    return rowsByTable.computeIfAbsent(table, t -> reader.readAll(tables.resolve(t)));
  }

  /** The one version table holding the job's rows. */
  private static String tableOfJob(String workflowId, String jobIdColumn, String jobId) {
    List<String> holding = new ArrayList<>();
    for (int v = 1; Files.isDirectory(tables.resolve(Lakehouse.versionTable(workflowId, v))); v++) {
      String name = Lakehouse.versionTable(workflowId, v);
      if (rows(name).stream().anyMatch(r -> jobId.equals(r.get(jobIdColumn)))) {
        holding.add(name);
      }
    }
    assertEquals(1, holding.size(), "version tables holding " + jobId + ": " + holding);
    return holding.get(0);
  }

  // ---- the source, read independently ----

  record SourceField(String name, String type, boolean nullable, boolean isPrivate) {}

  record SourceRun(Instant finishedAt, List<SourceField> schema, List<JsonNode> rows) {
    List<FieldSpec> fieldSpecs() {
      return schema.stream()
          .map(f -> new FieldSpec(f.name(), SourceType.parse(f.type()), f.nullable(), null, f.isPrivate())).toList();
    }

    Set<String> privateNames() {
      Set<String> names = new HashSet<>();
      schema.stream().filter(SourceField::isPrivate).forEach(f -> names.add(f.name()));
      return names;
    }
  }

  private static SourceRun readSourceRun(String workflowId, String jobId) {
    Path wfDir = dir.resolve("source").resolve("workflows").resolve(workflowId);
    Path runDir = wfDir.resolve("runs").resolve(jobId);
    try {
      JsonNode workflow = PlainDeltaReader.JSON.readTree(wfDir.resolve("workflow.json").toFile());
      Set<String> flagged = new HashSet<>();
      workflow.path("fields").properties().forEach(e -> {
        if (e.getValue().path("private").asBoolean(false)) {
          flagged.add(e.getKey());
        }
      });
      workflow.path("private_fields").forEach(n -> flagged.add(n.asText()));
      assertFalse(flagged.isEmpty(), workflowId + " flags a field private in workflow.json");

      JsonNode run = PlainDeltaReader.JSON.readTree(runDir.resolve("run.json").toFile());
      assertEquals(jobId, run.get("job_id").asText());
      List<SourceField> schema = new ArrayList<>();
      for (JsonNode f : run.get("schema")) {
        String name = f.get("name").asText();
        schema.add(new SourceField(name, f.get("type").asText(), f.path("nullable").asBoolean(true),
            name.startsWith("_") || f.path("private").asBoolean(false) || flagged.contains(name)));
      }

      Path plain = runDir.resolve("rows.jsonl");
      Path gz = runDir.resolve("rows.jsonl.gz");
      List<JsonNode> rows = new ArrayList<>();
      try (InputStream in = Files.exists(gz) ? new GZIPInputStream(Files.newInputStream(gz)) : Files.newInputStream(plain);
           BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (!line.isBlank()) {
            rows.add(PlainDeltaReader.JSON.readTree(line));
          }
        }
      }
      return new SourceRun(Instant.parse(run.get("finished_at").asText()), schema, rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
