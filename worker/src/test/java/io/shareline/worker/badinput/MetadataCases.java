package io.shareline.worker.badinput;

import static io.shareline.common.Failures.SOURCE_INVALID_SCHEMA;
import static io.shareline.common.Failures.SOURCE_MALFORMED;
import static io.shareline.common.Failures.SOURCE_MISSING;
import static io.shareline.common.Failures.SOURCE_NO_PUBLIC_FIELDS;
import static io.shareline.worker.badinput.BadInputCase.delivered;
import static io.shareline.worker.badinput.BadInputCase.fails;
import static io.shareline.worker.badinput.BadInputCase.notARun;
import static io.shareline.worker.badinput.BadInputCase.onRun;
import static io.shareline.worker.badinput.BadInputCase.onWorkflow;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;

/** Bad run.json and workflow.json files. */
final class MetadataCases {
  private MetadataCases() {}

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  static List<BadInputCase> runJson() {
    return List.of(
        onRun("run-utf16", "run.json", "run.json in UTF-16 with a byte order mark", delivered(2),
            run -> run.runJsonEncoded(text -> text.getBytes(UTF_16))),
        onRun("run-bom", "run.json", "run.json in UTF-8 after a byte order mark", delivered(2),
            run -> run.runJsonEncoded(text -> concat(UTF8_BOM, text.getBytes(UTF_8)))),
        onRun("run-latin1", "run.json", "run.json in Latin-1 (a field description with é)", fails(SOURCE_MALFORMED),
            run -> run.schema(s -> ((com.fasterxml.jackson.databind.node.ObjectNode) s.get(0)).put("description", "Café"))
                .runJsonEncoded(text -> text.getBytes(ISO_8859_1))),
        onRun("run-duplicate-key", "run.json", "row_count given twice (99, then the true count)",
            fails(SOURCE_MALFORMED), run -> run.runJsonEncoded(text -> text.replaceFirst("\\{", "{\"row_count\":99,")
                .getBytes(UTF_8))),
        onRun("run-nan", "run.json", "row_count is the token NaN", fails(SOURCE_MALFORMED),
            run -> run.runJsonEncoded(text -> text.replaceFirst("\"row_count\":2", "\"row_count\":NaN").getBytes(UTF_8))),
        onRun("run-no-finished-at", "run.json", "finished_at missing", fails(SOURCE_INVALID_SCHEMA),
            run -> run.json(j -> j.remove("finished_at"))),
        onRun("run-finished-at-text", "run.json", "finished_at is \"yesterday\"", fails(SOURCE_INVALID_SCHEMA),
            run -> run.json(j -> j.put("finished_at", "yesterday"))),
        onRun("run-finished-year-0", "run.json", "finished_at in year 0", fails(SOURCE_INVALID_SCHEMA),
            run -> run.json(j -> j.put("finished_at", "0000-01-01T00:00:00Z"))),
        onRun("run-finished-year-1700", "run.json", "finished_at in 1700 (a lag no timer holds)", delivered(2),
            run -> run.json(j -> j.put("finished_at", "1700-01-01T00:00:00Z"))),
        onRun("run-finished-year-9999", "run.json", "finished_at at the last instant of 9999", delivered(2),
            run -> run.json(j -> j.put("finished_at", "9999-12-31T23:59:59.999999Z"))),
        onRun("run-finished-year-100000", "run.json", "finished_at in year +100000", fails(SOURCE_INVALID_SCHEMA),
            run -> run.json(j -> j.put("finished_at", "+100000-01-01T00:00:00Z"))),
        onRun("run-started-beyond-timestamps", "run.json", "started_at in year +999999999", fails(SOURCE_INVALID_SCHEMA),
            run -> run.json(j -> j.put("started_at", "+999999999-12-31T23:59:59Z"))),
        onRun("run-row-count-text", "run.json", "row_count is the string \"2\"", fails(SOURCE_INVALID_SCHEMA),
            run -> run.json(j -> j.put("row_count", "2"))),
        onRun("run-row-count-negative", "run.json", "row_count is -1", fails(SOURCE_INVALID_SCHEMA),
            run -> run.json(j -> j.put("row_count", -1))),
        onRun("run-row-count-overflow", "run.json", "row_count is 10^24 (over a long)", fails(SOURCE_INVALID_SCHEMA),
            run -> run.json(j -> j.put("row_count", new java.math.BigInteger("1000000000000000000000000")))),
        onRun("run-row-count-float", "run.json", "row_count is 2.0", delivered(2),
            run -> run.json(j -> j.put("row_count", 2.0))),
        onRun("run-no-status", "run.json", "status missing", notARun(), run -> run.json(j -> j.remove("status"))),
        onRun("run-status-running", "run.json", "status RUNNING", notARun(), run -> run.json(j -> j.put("status", "RUNNING"))),
        onRun("run-status-lower-case", "run.json", "status \"finished\" in lower case", delivered(2),
            run -> run.json(j -> j.put("status", "finished"))),
        onRun("run-no-job-id", "run.json", "job_id missing (the folder names the job)", delivered(2),
            run -> run.json(j -> j.remove("job_id"))),
        onRun("run-job-id-other", "run.json", "job_id names another job than its folder", fails(SOURCE_INVALID_SCHEMA),
            run -> run.json(j -> j.put("job_id", "another-job"))),
        onRun("run-job-id-dotdot", "run.json", "job_id is `../../healthy/runs/healthy-1`", fails(SOURCE_INVALID_SCHEMA),
            run -> run.json(j -> j.put("job_id", "../../healthy/runs/healthy-1"))),
        onRun("run-job-id-absolute", "run.json", "job_id is `/etc/passwd`", fails(SOURCE_INVALID_SCHEMA),
            run -> run.json(j -> j.put("job_id", "/etc/passwd"))),
        onRun("run-job-id-number", "run.json", "job_id is a number", fails(SOURCE_INVALID_SCHEMA),
            run -> run.json(j -> j.put("job_id", 1))),
        onRun("run-workflow-id-other", "run.json", "workflow_id (`../healthy`) names another workflow than its folder",
            fails(SOURCE_INVALID_SCHEMA), run -> run.json(j -> j.put("workflow_id", "../healthy"))),
        onRun("run-top-level-array", "run.json", "run.json holds a list", fails(SOURCE_MALFORMED),
            run -> run.runJsonEncoded(text -> ("[" + text + "]").getBytes(UTF_8))),
        onRun("run-empty", "run.json", "run.json is empty", fails(SOURCE_MALFORMED),
            run -> run.runJsonEncoded(text -> new byte[0])),
        onRun("run-over-16mib", "run.json", "run.json of 17 MiB (a huge description)", fails(SOURCE_INVALID_SCHEMA),
            run -> run.json(j -> j.put("notes", "x".repeat(17 << 20)))),
        onRun("run-schema-object", "run.json", "schema is an object, not a list", fails(SOURCE_INVALID_SCHEMA),
            run -> run.json(j -> j.putObject("schema"))),
        onRun("run-unknown-type", "run.json", "a field of type DECIMAL", fails(SOURCE_INVALID_SCHEMA),
            run -> run.field("price", "DECIMAL")),
        onRun("run-duplicate-field", "run.json", "field name given twice", fails(SOURCE_INVALID_SCHEMA),
            run -> run.field("n", "STRING")),
        onRun("run-field-without-name", "run.json", "a field without a name", fails(SOURCE_INVALID_SCHEMA),
            run -> run.schema(s -> s.addObject().put("type", "STRING"))),
        onRun("run-deep-array-type", "run.json", "a type `ARRAY<ARRAY<…>>` nested 50,000 deep", fails(SOURCE_INVALID_SCHEMA),
            run -> run.field("deep", "ARRAY<".repeat(50_000) + "STRING" + ">".repeat(50_000))),
        onRun("run-private-flag-text", "run.json", "a field's private flag is \"yes\"", fails(SOURCE_INVALID_SCHEMA),
            run -> run.schema(s -> ((com.fasterxml.jackson.databind.node.ObjectNode) s.get(0)).put("private", "yes"))),
        onRun("run-all-private", "run.json", "every field is private", fails(SOURCE_NO_PUBLIC_FIELDS),
            run -> run.schema(s -> s.forEach(f -> ((com.fasterxml.jackson.databind.node.ObjectNode) f).put("private", true)))),
        onRun("run-long-field-name", "run.json", "a field name of 10,000 characters (and rows keyed by it)", delivered(2),
            run -> run.only().field("f".repeat(10_000), "STRING").row("f".repeat(10_000), "a").row("f".repeat(10_000), "b")),
        onRun("run-control-field-name", "run.json", "a field name of control characters and a line end",
            delivered(2), run -> run.only().field("a\u0001b\nc\u007f", "INTEGER").row("a\u0001b\nc\u007f", 1)
                .row("a\u0001b\nc\u007f", 2)),
        onRun("run-3000-fields", "run.json", "3,000 fields, every row with 3,000 keys", delivered(2), run -> {
          run.only();
          Object[] row = new Object[6_000];
          for (int i = 0; i < 3_000; i++) {
            run.field("col" + i, "INTEGER");
            row[2 * i] = "col" + i;
            row[2 * i + 1] = i;
          }
          run.row(row).row(row);
        }));
  }

  static List<BadInputCase> workflowJson() {
    return List.of(
        onWorkflow("wf-missing", "workflow.json missing", fails(SOURCE_MISSING), CorpusSource.Workflow::withoutJson),
        onWorkflow("wf-cut-off", "workflow.json cut off mid-object", fails(SOURCE_MALFORMED),
            w -> w.encoded(text -> text.substring(0, text.length() / 2).getBytes(UTF_8))),
        onWorkflow("wf-utf16", "workflow.json in UTF-16", delivered(2), w -> w.encoded(text -> text.getBytes(UTF_16))),
        onWorkflow("wf-private-fields-text", "private_fields is the string \"name\", not a list",
            fails(SOURCE_INVALID_SCHEMA), w -> w.json(j -> j.put("private_fields", "name"))),
        onWorkflow("wf-fields-list", "fields is a list, not an object of flags", fails(SOURCE_INVALID_SCHEMA),
            w -> w.json(j -> j.putArray("fields").add("name"))),
        onWorkflow("wf-private-flag-number", "fields.name.private is 1", fails(SOURCE_INVALID_SCHEMA),
            w -> w.json(j -> j.putObject("fields").putObject("name").put("private", 1))),
        onWorkflow("wf-created-at-text", "created_at is \"long ago\"", fails(SOURCE_INVALID_SCHEMA),
            w -> w.json(j -> j.put("created_at", "long ago"))),
        onWorkflow("wf-id-other", "id names another workflow than its folder", fails(SOURCE_INVALID_SCHEMA),
            w -> w.json(j -> j.put("id", "healthy"))),
        onWorkflow("wf-huge-name", "name of 1 MiB", delivered(2), w -> w.json(j -> j.put("name", "n".repeat(1 << 20)))));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
