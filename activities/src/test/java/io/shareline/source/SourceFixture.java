package io.shareline.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;

/** Builds small source folders for tests, one workflow or run at a time. */
final class SourceFixture {

  static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;

  SourceFixture(Path root) {
    this.root = root;
  }

  RunSource source() {
    return new RunSource(new Configuration(), root.toString());
  }

  Path root() {
    return root;
  }

  /** A workflow.json flagging {@code privateFields} in the {@code "fields"} map form. */
  SourceFixture workflow(String id, String... privateFields) {
    ObjectNode json = JSON.createObjectNode()
        .put("id", id).put("name", "Workflow " + id).put("team", "data").put("created_at", "2026-01-05T08:00:00Z");
    ObjectNode fields = json.putObject("fields");
    for (String f : privateFields) {
      fields.putObject(f).put("private", true);
    }
    json.put("unknown_key", "ignored");
    write(root.resolve("workflows").resolve(id).resolve("workflow.json"), json.toString());
    return this;
  }

  RunBuilder run(String workflowId, String jobId) {
    return new RunBuilder(workflowId, jobId);
  }

  static ObjectNode row(Object... keyValues) {
    ObjectNode row = JSON.createObjectNode();
    for (int i = 0; i < keyValues.length; i += 2) {
      row.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
    }
    return row;
  }

  static void write(Path file, String text) {
    write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(String text) {
    try (var bytes = new java.io.ByteArrayOutputStream(); OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.close();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  final class RunBuilder {
    private final String workflowId;
    private final String jobId;
    private final ArrayNode schema = JSON.createArrayNode();
    private final List<String> lines = new ArrayList<>();
    private Long rowCount;
    private boolean gzip;

    private RunBuilder(String workflowId, String jobId) {
      this.workflowId = workflowId;
      this.jobId = jobId;
    }

    RunBuilder field(String name, String type) {
      schema.addObject().put("name", name).put("type", type).put("nullable", true).put("description", name);
      return this;
    }

    RunBuilder privateField(String name, String type) {
      schema.addObject().put("name", name).put("type", type).put("nullable", true).put("private", true);
      return this;
    }

    RunBuilder rows(ObjectNode... rows) {
      for (ObjectNode r : rows) {
        lines.add(r.toString());
      }
      return this;
    }

    /** Lines written as they are, for broken files. */
    RunBuilder lines(String... raw) {
      lines.addAll(List.of(raw));
      return this;
    }

    RunBuilder rowCount(long n) {
      rowCount = n;
      return this;
    }

    RunBuilder gzip() {
      gzip = true;
      return this;
    }

    Path dir() {
      return root.resolve("workflows").resolve(workflowId).resolve("runs").resolve(jobId);
    }

    /** Writes run.json and the rows file; row_count defaults to the number of non-blank lines. */
    Path write() {
      ObjectNode run = JSON.createObjectNode()
          .put("job_id", jobId).put("workflow_id", workflowId).put("status", "SUCCEEDED")
          .put("started_at", "2026-01-05T09:00:00Z").put("finished_at", "2026-01-05T09:05:00+01:00")
          .put("row_count", rowCount != null ? rowCount : lines.stream().filter(l -> !l.isBlank()).count());
      run.set("schema", schema);
      SourceFixture.write(dir().resolve("run.json"), run.toString());
      String text = lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
      Path rows = dir().resolve(gzip ? "rows.jsonl.gz" : "rows.jsonl");
      if (gzip) {
        SourceFixture.write(rows, SourceFixture.gzip(text));
      } else {
        SourceFixture.write(rows, text);
      }
      return rows;
    }
  }
}
