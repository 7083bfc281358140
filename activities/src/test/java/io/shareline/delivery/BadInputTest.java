package io.shareline.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.source.SampleRun;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.source.SampleSummary;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input fails with its own non-retryable type and leaves every published table as it was. */
class BadInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private SampleSummary sample;
  private PipelineHarness harness;
  private String workflowId;

  @BeforeEach
  void deliverTheHistory() {
    sample = SampleSourceGenerator.generate(dir.resolve("source"), new SampleSpec(9L, 2, 2, 15, false));
    harness = new PipelineHarness(dir.resolve("source"), dir.resolve("data"), "acme");
    harness.onboardAndDeliverAll();
    workflowId = sample.workflows().get(0).id();
  }

  @Test
  void aMalformedJsonLineIsSourceMalformed() {
    assertRejected("SOURCE_MALFORMED", run -> append(run, "{\"title\": \"half"));
  }

  @Test
  void aLineThatIsNotAnObjectIsSourceMalformed() {
    assertRejected("SOURCE_MALFORMED", run -> append(run, "[1, 2, 3]"));
  }

  @Test
  void aTruncatedGzipIsSourceMalformed() {
    assertRejected("SOURCE_MALFORMED", this::truncateAsGzip);
  }

  @Test
  void aRowCountThatDisagreesWithRunJsonIsARowCountMismatch() {
    assertRejected("SOURCE_ROW_COUNT_MISMATCH", run -> editRunJson(run, json -> json.put("row_count", 999)));
  }

  @Test
  void aMissingRowsFileIsSourceMissing() {
    assertRejected("SOURCE_MISSING", run -> delete(rowsFile(run)));
  }

  @Test
  void anEmptyRunWithRowsIsARowCountMismatch() {
    assertRejected("SOURCE_ROW_COUNT_MISMATCH", run -> editRunJson(run, json -> json.put("row_count", 0)));
  }

  @Test
  void anEmptyRunIsDeliveredWithARunRowAndNoDataFile() {
    SampleRun run = SampleSourceGenerator.appendRun(dir.resolve("source"), workflowId, 5L, 12);
    write(rowsFile(run), "");
    editRunJson(run, json -> json.put("row_count", 0));
    Map<String, String> before = snapshot();

    StageResults.BatchVerified verified = harness.deliver(new RunRef(workflowId, run.jobId()));

    assertEquals(0, verified.jobRows().get(run.jobId()));
    Map<String, String> after = snapshot();
    after.forEach((table, state) -> {
      if (!table.equals(MetadataTables.RUNS) && !table.equals(MetadataTables.WORKFLOWS)) {
        assertEquals(before.get(table).replaceAll("^v\\d+", ""), state.replaceAll("^v\\d+", ""), table + " rows changed");
      }
    });
    long runs = Long.parseLong(before.get(MetadataTables.RUNS).split("/")[1]);
    assertEquals("/" + (runs + 1), after.get(MetadataTables.RUNS).replaceAll("^v\\d+", ""));
  }

  @Test
  void anEmptyRunWithoutRowsFileIsDelivered() {
    SampleRun run = SampleSourceGenerator.appendRun(dir.resolve("source"), workflowId, 5L, 12);
    delete(rowsFile(run));
    editRunJson(run, json -> json.put("row_count", 0));

    assertEquals(0, harness.deliver(new RunRef(workflowId, run.jobId())).jobRows().get(run.jobId()));
  }

  @Test
  void aSchemaWithoutAPublicFieldIsNoPublicFields() {
    assertRejected("SOURCE_NO_PUBLIC_FIELDS", run -> editRunJson(run, json -> {
      ArrayNode schema = (ArrayNode) json.get("schema");
      schema.forEach(field -> ((ObjectNode) field).put("name", "_" + field.get("name").asText()));
    }));
  }

  @Test
  void anUnknownFieldTypeIsAnInvalidSchema() {
    assertRejected("SOURCE_INVALID_SCHEMA", run -> editRunJson(run, json ->
        ((ObjectNode) json.get("schema").get(0)).put("type", "GEOMETRY")));
  }

  private void assertRejected(String type, Consumer<SampleRun> corrupt) {
    SampleRun run = SampleSourceGenerator.appendRun(dir.resolve("source"), workflowId, 5L, 12);
    corrupt.accept(run);
    Map<String, String> before = snapshot();

    ApplicationFailure failure = assertThrows(ApplicationFailure.class,
        () -> harness.deliver(new RunRef(workflowId, run.jobId())));

    assertEquals(type, failure.getType(), failure.getOriginalMessage());
    assertTrue(failure.isNonRetryable(), type + " must not be retried");
    assertEquals(before, snapshot(), "published tables changed");
  }

  /** Delta version and row count of every published table. */
  private Map<String, String> snapshot() {
    Map<String, String> out = new TreeMap<>();
    String[] tables = new java.io.File(harness.lakehouse.storagePath("acme")).list();
    Arrays.sort(tables);
    for (String table : tables) {
      var info = harness.tables.info(harness.table(table));
      out.put(table, "v" + info.version() + "/" + info.rowCount());
    }
    assertTrue(out.containsKey(MetadataTables.RUNS));
    return out;
  }

  private Path runDir(SampleRun run) {
    return dir.resolve("source/workflows/" + run.workflowId() + "/runs/" + run.jobId());
  }

  private Path rowsFile(SampleRun run) {
    return runDir(run).resolve("rows.jsonl");
  }

  private void append(SampleRun run, String line) {
    try {
      Files.writeString(rowsFile(run), Files.readString(rowsFile(run)) + line + "\n");
      editRunJson(run, json -> json.put("row_count", run.rowCount() + 1));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private void truncateAsGzip(SampleRun run) {
    try {
      byte[] plain = Files.readAllBytes(rowsFile(run));
      Path gz = runDir(run).resolve("rows.jsonl.gz");
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
        out.write(plain);
      }
      byte[] whole = Files.readAllBytes(gz);
      Files.write(gz, Arrays.copyOf(whole, whole.length / 2));
      Files.delete(rowsFile(run));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private void editRunJson(SampleRun run, Consumer<ObjectNode> edit) {
    try {
      Path file = runDir(run).resolve("run.json");
      ObjectNode json = (ObjectNode) JSON.readTree(file.toFile());
      edit.accept(json);
      Files.writeString(file, json.toString());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
