package io.shareline.delivery.stages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.connector.spec.DeliverySettings.CastPolicy;
import io.shareline.delivery.SourceBuilder;
import io.shareline.schema.PublicField;
import io.shareline.source.PublicSchema;
import io.shareline.source.RowStream;
import io.shareline.source.RunSource;
import io.shareline.source.ValueCaster;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedRowsTest {

  private static final ObjectMapper TREE = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final StagedRows.Stamp STAMP = new StagedRows.Stamp("job-1", 1L, 2L);

  @TempDir Path root;

  @Test
  void rowsReadOffTokensEqualTheTreeReadersRows() throws Exception {
    SourceBuilder.Run run = everyType(new SourceBuilder(root).workflow("wf").run("wf", "job-1"));
    for (String line : List.of(
        "{\"s\":\"x\",\"n\":1.5,\"i\":7,\"b\":true,\"d\":\"2026-01-05\",\"t\":\"2026-01-05T08:30:00.123Z\","
            + "\"m\":\"$1,234.50\",\"a\":[\"p\",null,3],\"o\":{\"k\":1,\"_secret\":2,\"z\":[{\"_x\":1,\"y\":1.50}]},"
            + "\"aa\":[[1,2],null,[\"3\",\"x\"]],\"ao\":[{\"a\":1},\"s\"],\"_private\":\"never\"}",
        "{\"s\":12,\"n\":\"2.5e3\",\"i\":\"42\",\"b\":\"TRUE\",\"d\":\"2026-01-05T23:30:00-02:00\",\"t\":1700000000,"
            + "\"m\":{\"amount\":\"12.5\"},\"a\":\"not an array\",\"o\":[1],\"aa\":[],\"ao\":null}",
        "{\"s\":{\"no\":1},\"n\":1e400,\"i\":9223372036854775808,\"b\":1,\"d\":\"2026-02-30\",\"t\":\"x\","
            + "\"m\":12345678901234567890123456789012345,\"a\":[[\"nested\"]],\"o\":\"text\",\"aa\":[[1.5]]}",
        "{\"i\":1.0,\"n\":-0.0,\"m\":-0.0000005,\"s\":false,\"s\":\"last wins\",\"unknown\":{\"deep\":[1,{\"x\":2}]}}",
        "{\"o\":{\"k\":1,\"_k\":0,\"j\":{\"x\":1,\"x\":{\"_p\":1,\"q\":2.50}},\"k\":[1e400,-0.0,1E2]},"
            + "\"ao\":[{\"a\":1,\"a\":2,\"_a\":3},{\"b\":\"caf\\u00e9\\n\"},[{\"c\":1}]]}",
        "{\"o\":{\"big\":123456789012345678901234567890,\"l\":9223372036854775807,\"s\":\"\\\"q\\\" </\"},"
            + "\"ao\":[{\"_only\":1},{}]}",
        "{}")) {
      run.line(line);
    }
    run.write();
    RunSource source = new RunSource(new Configuration(), root.toString());
    List<StagedRows.CastField> fields = castFields(source, CastPolicy.LENIENT);

    List<Object[]> streamed = new ArrayList<>();
    StagedRows rows;
    try (RowStream stream = source.openRows("wf", "job-1")) {
      rows = new StagedRows(stream, fields, STAMP);
      rows.forEachRemaining(streamed::add);
    }
    ValueCaster[] casters = new ValueCaster[fields.size()];
    List<Object[]> expected = new ArrayList<>();
    for (String line : Files.readAllLines(root.resolve("workflows/wf/runs/job-1/rows.jsonl"))) {
      expected.add(treeRow((ObjectNode) TREE.readTree(line), fields, casters));
    }

    assertEquals(expected.size(), streamed.size());
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), streamed.get(i), "row " + i);
    }
    assertEquals(nulled(fields, casters), rows.nulledByField());
  }

  @Test
  void aKeyGivenTwiceKeepsItsLastValueAndOnlyThatOneCounts() {
    new SourceBuilder(root).workflow("wf").run("wf", "job-1").field("n", "INTEGER")
        .line("{\"n\":\"x\",\"n\":5}").line("{\"n\":6,\"n\":\"y\"}").write();

    List<Object[]> rows = new ArrayList<>();
    Map<String, Long> nulled;
    RunSource source = new RunSource(new Configuration(), root.toString());
    try (RowStream stream = source.openRows("wf", "job-1")) {
      StagedRows staged = new StagedRows(stream, castFields(source, CastPolicy.LENIENT), STAMP);
      staged.forEachRemaining(rows::add);
      nulled = staged.nulledByField();
    }

    assertEquals(5L, rows.get(0)[0]);
    assertEquals(null, rows.get(1)[0]);
    assertEquals(Map.of("n", 1L), nulled);
  }

  @Test
  void aStrictFieldFailsOnTheValueKeptNotOnOneAKeyRepeatReplaced() {
    new SourceBuilder(root).workflow("wf").run("wf", "job-1").field("n", "INTEGER").line("{\"n\":\"x\",\"n\":5}").write();

    RunSource source = new RunSource(new Configuration(), root.toString());
    try (RowStream stream = source.openRows("wf", "job-1")) {
      StagedRows staged = new StagedRows(stream, castFields(source, CastPolicy.STRICT), STAMP);
      assertTrue(staged.hasNext());
      assertEquals(5L, staged.next()[0]);
      assertFalse(staged.hasNext());
    }
  }

  @Test
  void aStrictViolationNamesTheFirstFieldInColumnOrder() {
    new SourceBuilder(root).workflow("wf").run("wf", "job-1").field("a", "INTEGER").field("b", "INTEGER")
        .line("{\"b\":\"x\",\"a\":[1]}").write();

    RunSource source = new RunSource(new Configuration(), root.toString());
    try (RowStream stream = source.openRows("wf", "job-1")) {
      StagedRows staged = new StagedRows(stream, castFields(source, CastPolicy.STRICT), STAMP);
      ApplicationFailure failure = assertThrows(ApplicationFailure.class, staged::hasNext);
      assertTrue(failure.getOriginalMessage().startsWith("strict field 'a' (INTEGER)"), failure.getOriginalMessage());
      assertTrue(failure.getOriginalMessage().contains("a JSON array does not fit"), failure.getOriginalMessage());
    }
  }

  @Test
  void aRowReadAgainAfterDecodingItsBytesCountsItsNullsOnce() throws Exception {
    new SourceBuilder(root).workflow("wf").run("wf", "job-1").field("n", "INTEGER").field("s", "STRING")
        .line("{\"n\":\"x\",\"s\":\"?\"}").line("{\"n\":\"y\",\"s\":\"ok\"}").write();
    Path file = root.resolve("workflows/wf/runs/job-1/rows.jsonl");
    byte[] bytes = Files.readAllBytes(file);
    bytes[new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf('?')] = (byte) 0xE9; // Latin-1, not UTF-8
    Files.write(file, bytes);

    List<Object[]> rows = new ArrayList<>();
    RunSource source = new RunSource(new Configuration(), root.toString());
    StagedRows staged;
    try (RowStream stream = source.openRows("wf", "job-1")) {
      staged = new StagedRows(stream, castFields(source, CastPolicy.LENIENT), STAMP);
      staged.forEachRemaining(rows::add);
    }

    assertEquals("\uFFFD", rows.get(0)[1]);
    assertEquals("ok", rows.get(1)[1]);
    assertEquals(Map.of("n", 2L), staged.nulledByField(), "one per row, the first row's two reads counted once");
  }

  private static SourceBuilder.Run everyType(SourceBuilder.Run run) {
    return run.field("s", "STRING").field("n", "NUMBER").field("i", "INTEGER").field("b", "BOOLEAN")
        .field("d", "DATE").field("t", "DATETIME").field("m", "MONEY").field("a", "ARRAY<INTEGER>")
        .field("o", "OBJECT").field("aa", "ARRAY<ARRAY<INTEGER>>").field("ao", "ARRAY<OBJECT>")
        .field("_private", "STRING");
  }

  private static List<StagedRows.CastField> castFields(RunSource source, CastPolicy policy) {
    List<PublicField> fields = PublicSchema.of(source.readRun("wf", "job-1").schema()).fields();
    return fields.stream().map(f -> new StagedRows.CastField(f, policy)).toList();
  }

  /** What STAGE made of a row before it read tokens: the row's tree, each public field cast from it. */
  private static Object[] treeRow(ObjectNode row, List<StagedRows.CastField> fields, ValueCaster[] casters) {
    Object[] out = new Object[fields.size() + 3];
    for (int i = 0; i < fields.size(); i++) {
      if (casters[i] == null) {
        casters[i] = new ValueCaster(fields.get(i).policy());
      }
      PublicField field = fields.get(i).field();
      out[i] = casters[i].cast(row.get(field.sourceName()), field.type());
    }
    out[fields.size()] = STAMP.jobId();
    out[fields.size() + 1] = STAMP.runFinishedAtMicros();
    out[fields.size() + 2] = STAMP.deliveredAtMicros();
    return out;
  }

  private static Map<String, Long> nulled(List<StagedRows.CastField> fields, ValueCaster[] casters) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < casters.length; i++) {
      if (casters[i].rejected() > 0) {
        out.put(fields.get(i).field().sourceName(), casters[i].rejected());
      }
    }
    return out;
  }
}
