package io.shareline.worker.badinput;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/**
 * Writes source folders as the contract describes them, healthy by default: a workflow.json, and runs
 * with a run.json (two public fields {@code name STRING}, {@code n INTEGER}) and two rows. Each case then
 * breaks one thing through the hooks below; every file is written when {@link Workflow#write()} runs.
 */
final class CorpusSource {

  static final ObjectMapper JSON = new ObjectMapper();
  /** Text every default row carries: a failure message must never show it. */
  static final String ROW_SECRET = "row-secret-";

  private final Path root;

  CorpusSource(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  Workflow workflow(String id) {
    return new Workflow(id);
  }

  static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(plain);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** One workflow folder: its workflow.json and runs. */
  final class Workflow {
    private final String id;
    private final Path dir;
    private final ObjectNode json;
    private Function<String, byte[]> encode = text -> text.getBytes(UTF_8);
    private boolean withJson = true;
    private final List<Run> runs = new ArrayList<>();

    private Workflow(String id) {
      this.id = id;
      this.dir = root.resolve("workflows").resolve(id);
      this.json = JSON.createObjectNode().put("id", id).put("name", "Workflow " + id).put("team", "data")
          .put("created_at", "2026-01-01T00:00:00Z");
    }

    Path dir() {
      return dir;
    }

    Workflow json(Consumer<ObjectNode> change) {
      change.accept(json);
      return this;
    }

    /** workflow.json's text in other bytes than UTF-8. */
    Workflow encoded(Function<String, byte[]> encoding) {
      encode = encoding;
      return this;
    }

    Workflow withoutJson() {
      withJson = false;
      return this;
    }

    /** A healthy run finished on {@code finishedAt}; change it with the run's hooks. */
    Run run(String jobId, String finishedAt) {
      Run run = new Run(this, jobId, finishedAt);
      runs.add(run);
      return run;
    }

    void write() {
      if (withJson) {
        CorpusSource.write(dir.resolve("workflow.json"), encode.apply(json.toString()));
      }
      runs.forEach(Run::write);
    }
  }

  /** One run folder: run.json and its rows file, two default rows ({@code name} a secret text, {@code n} 1 and 2). */
  final class Run {
    private final Workflow workflow;
    private final Path dir;
    private final ObjectNode json;
    private final ArrayNode schema;
    private final List<String> lines = new ArrayList<>();
    private String lineEnd = "\n";
    private Function<String, byte[]> encodeRows = text -> text.getBytes(UTF_8);
    private UnaryOperator<byte[]> damageRows = UnaryOperator.identity();
    private Function<String, byte[]> encodeRunJson = text -> text.getBytes(UTF_8);
    private String rowsName = "rows.jsonl";
    private boolean withRows = true;
    private boolean countSet;
    private final List<Consumer<ObjectNode>> jsonChanges = new ArrayList<>();

    private Run(Workflow workflow, String jobId, String finishedAt) {
      this.workflow = workflow;
      this.dir = workflow.dir.resolve("runs").resolve(jobId);
      this.json = JSON.createObjectNode().put("job_id", jobId).put("workflow_id", workflow.id)
          .put("status", "SUCCEEDED").put("started_at", "2026-01-01T00:00:00Z").put("finished_at", finishedAt);
      this.schema = json.putArray("schema");
      field("name", "STRING").field("n", "INTEGER");
      row("name", ROW_SECRET + 1, "n", 1).row("name", ROW_SECRET + 2, "n", 2);
    }

    Path dir() {
      return dir;
    }

    Run field(String name, String type) {
      schema.addObject().put("name", name).put("type", type).put("nullable", true);
      return this;
    }

    /** Drops the default fields and rows, for cases with their own. */
    Run only() {
      schema.removeAll();
      lines.clear();
      return this;
    }

    /** A row of key, value pairs, written by Jackson. */
    Run row(Object... keyValues) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < keyValues.length; i += 2) {
        row.put((String) keyValues[i], keyValues[i + 1]);
      }
      try {
        lines.add(JSON.writeValueAsString(row));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    /** A line written as it is. */
    Run line(String raw) {
      lines.add(raw);
      return this;
    }

    /** A change to run.json, made when it is written (after row_count is set). */
    Run json(Consumer<ObjectNode> change) {
      jsonChanges.add(change);
      return this;
    }

    Run schema(Consumer<ArrayNode> change) {
      change.accept(schema);
      return this;
    }

    Run rowCount(long declared) {
      json.put("row_count", declared);
      countSet = true;
      return this;
    }

    Run lineEnd(String end) {
      lineEnd = end;
      return this;
    }

    Run rowsEncoded(Function<String, byte[]> encoding) {
      encodeRows = encoding;
      return this;
    }

    /** Changes the rows file's bytes after encoding (and compression). */
    Run rowsDamaged(UnaryOperator<byte[]> damage) {
      damageRows = damageRows.andThen(damage)::apply;
      return this;
    }

    Run runJsonEncoded(Function<String, byte[]> encoding) {
      encodeRunJson = encoding;
      return this;
    }

    Run gzipped() {
      rowsName = "rows.jsonl.gz";
      return rowsDamaged(CorpusSource::gzip);
    }

    /** The rows file under another name (compressed or not as before). */
    Run rowsNamed(String name) {
      rowsName = name;
      return this;
    }

    Run withoutRows() {
      withRows = false;
      return this;
    }

    /** The rows text as written (before encoding). */
    String rowsText() {
      return lines.isEmpty() ? "" : String.join(lineEnd, lines) + lineEnd;
    }

    Workflow done() {
      return workflow;
    }

    private void write() {
      if (!countSet) {
        json.put("row_count", lines.stream().filter(l -> !l.isBlank()).count());
      }
      jsonChanges.forEach(change -> change.accept(json));
      CorpusSource.write(dir.resolve("run.json"), encodeRunJson.apply(json.toString()));
      if (withRows) {
        CorpusSource.write(dir.resolve(rowsName), damageRows.apply(encodeRows.apply(rowsText())));
      }
    }
  }
}
