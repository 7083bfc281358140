package io.shareline.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a small source in the engine layout for delivery tests: one workflow.json, then runs built field by field. */
public final class SourceBuilder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;

  public SourceBuilder(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** workflow.json, flagging private fields in both forms: the {@code fields} map and the {@code private_fields} list. */
  public SourceBuilder workflow(String id, List<String> privateInFieldsMap, List<String> privateInList) {
    ObjectNode json = JSON.createObjectNode().put("name", "Workflow " + id).put("team", "data")
        .put("created_at", "2026-01-05T08:00:00Z");
    ObjectNode fields = json.putObject("fields");
    privateInFieldsMap.forEach(f -> fields.putObject(f).put("private", true));
    ArrayNode list = json.putArray("private_fields");
    privateInList.forEach(list::add);
    write(root.resolve("workflows/" + id + "/workflow.json"), json.toString());
    return this;
  }

  public SourceBuilder workflow(String id) {
    return workflow(id, List.of(), List.of());
  }

  public Run run(String workflowId, String jobId) {
    return new Run(workflowId, jobId);
  }

  /** A JSON object from alternating keys and values; values may be nested {@link #object}s or {@link #array}s. */
  public static ObjectNode object(Object... keyValues) {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < keyValues.length; i += 2) {
      node.set((String) keyValues[i], toJson(keyValues[i + 1]));
    }
    return node;
  }

  public static ArrayNode array(Object... values) {
    ArrayNode node = JSON.createArrayNode();
    for (Object v : values) {
      node.add(toJson(v));
    }
    return node;
  }

  private static JsonNode toJson(Object value) {
    return value instanceof JsonNode node ? node : JSON.valueToTree(value);
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One run: its schema in field order and its rows, one per line. */
  public final class Run {
    private final String workflowId;
    private final String jobId;
    private final ArrayNode schema = JSON.createArrayNode();
    private final List<String> lines = new ArrayList<>();

    private Run(String workflowId, String jobId) {
      this.workflowId = workflowId;
      this.jobId = jobId;
    }

    public Run field(String name, String type) {
      schema.addObject().put("name", name).put("type", type).put("nullable", true);
      return this;
    }

    public Run row(Object... keyValues) {
      lines.add(object(keyValues).toString());
      return this;
    }

    /** A row as its raw line, for JSON an object cannot hold (a key given twice). */
    public Run line(String json) {
      lines.add(json);
      return this;
    }

    /** Writes run.json and rows.jsonl and returns the run to deliver. */
    public RunRef write() {
      Path dir = root.resolve("workflows/" + workflowId + "/runs/" + jobId);
      ObjectNode run = JSON.createObjectNode().put("job_id", jobId).put("workflow_id", workflowId)
          .put("status", "SUCCEEDED").put("started_at", "2026-01-05T09:00:00Z")
          .put("finished_at", "2026-01-05T09:05:00Z").put("row_count", lines.size());
      run.set("schema", schema);
      SourceBuilder.write(dir.resolve("run.json"), run.toString());
      SourceBuilder.write(dir.resolve("rows.jsonl"), String.join("\n", lines) + "\n");
      return new RunRef(workflowId, jobId);
    }
  }
}
