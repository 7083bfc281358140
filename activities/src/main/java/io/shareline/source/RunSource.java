package io.shareline.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.schema.FieldSpec;
import io.shareline.schema.SourceType;
import io.shareline.source.SourceException.Kind;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads the upstream engine's run output (DESIGN §2) from a local folder or any Hadoop file system
 * ({@code file:}, {@code s3a:}). Metadata is lenient about unknown keys and strict about what delivery
 * depends on (ids, row_count, finished_at, schema). Every failure is a {@link SourceException}.
 */
public final class RunSource {

  /**
   * Reads doubles with Jackson's fast parser: correctly rounded as the JDK's parser is, so each text
   * gives the same double, in about half the time on rows of numbers.
   */
  static final ObjectMapper JSON = new ObjectMapper(
      JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Metadata files are small; anything larger is not a run.json the engine wrote. */
  private static final long MAX_METADATA_BYTES = 16L << 20;

  /** The rows file's names, in the order they are looked for. */
  private static final List<String> ROWS_FILES = List.of("rows.jsonl", "rows.jsonl.gz");

  private final FileSystem fs;
  private final Path root;

  public RunSource(Configuration conf, String root) {
    Path path = new Path(root);
    try {
      this.fs = path.getFileSystem(conf);
    } catch (IOException e) {
      throw new SourceException(Kind.UNREADABLE, null, 0, "cannot open the source file system", e);
    }
    this.root = fs.makeQualified(path);
  }

  public List<String> listWorkflowIds() {
    return listDirectories("workflows", true);
  }

  /** Job ids of the workflow's runs, sorted; empty when the workflow has no {@code runs/} yet. */
  public List<String> listJobIds(String workflowId) {
    String dir = workflowDir(checkId(workflowId));
    if (!exists(dir)) {
      throw SourceException.of(Kind.MISSING, dir, "workflow folder does not exist");
    }
    return listDirectories(dir + "/runs", false);
  }

  /** The folder name is the id: an {@code "id"} inside workflow.json is not trusted over where the file sits. */
  public WorkflowInfo readWorkflow(String workflowId) {
    String file = workflowDir(checkId(workflowId)) + "/workflow.json";
    ObjectNode json = readObject(file);
    Set<String> privateFields = new TreeSet<>();
    json.path("fields").properties().forEach(e -> {
      if (e.getValue().path("private").asBoolean(false)) {
        privateFields.add(e.getKey());
      }
    });
    json.path("private_fields").forEach(n -> {
      if (n.isTextual()) {
        privateFields.add(n.asText());
      }
    });
    return new WorkflowInfo(
        workflowId,
        text(json, "name"),
        text(json, "team"),
        instant(json, "created_at", file, false),
        privateFields);
  }

  /** The run's metadata, with each field's private flag merged from run.json and workflow.json. */
  public RunInfo readRun(String workflowId, String jobId) {
    String file = runDir(checkId(workflowId), checkId(jobId)) + "/run.json";
    ObjectNode json = readObject(file);
    Set<String> flaggedInWorkflow = readWorkflow(workflowId).privateFields();
    JsonNode rowCount = json.path("row_count");
    if (!rowCount.canConvertToExactIntegral() || !rowCount.canConvertToLong() || rowCount.asLong() < 0) {
      throw SourceException.of(Kind.INVALID_SCHEMA, file, "row_count is missing or not a non-negative integer");
    }
    return new RunInfo(
        workflowId,
        jobId,
        text(json, "status"),
        instant(json, "started_at", file, false),
        instant(json, "finished_at", file, true),
        rowCount.asLong(),
        schema(json, file, flaggedInWorkflow));
  }

  /** Streams the run's rows from {@code rows.jsonl}, or {@code rows.jsonl.gz} when there is no plain file. */
  public RowStream openRows(String workflowId, String jobId) {
    String dir = runDir(checkId(workflowId), checkId(jobId));
    for (String name : ROWS_FILES) {
      String file = dir + "/" + name;
      if (exists(file)) {
        try {
          return new RowStream(fs.open(resolve(file)), name.endsWith(".gz"), file);
        } catch (FileNotFoundException e) {
          throw SourceException.of(Kind.MISSING, file, "rows file disappeared while opening it");
        } catch (IOException e) {
          throw new SourceException(Kind.UNREADABLE, file, 0, "cannot open rows file", e);
        }
      }
    }
    throw SourceException.of(Kind.MISSING, dir + "/rows.jsonl", "neither rows.jsonl nor rows.jsonl.gz exists");
  }

  /**
   * Size in bytes of the rows file {@link #openRows} would read, as stored (gzipped or not), from one
   * status call per candidate name; empty when neither exists.
   */
  public OptionalLong rowsFileBytes(String workflowId, String jobId) {
    String dir = runDir(checkId(workflowId), checkId(jobId));
    for (String name : ROWS_FILES) {
      String file = dir + "/" + name;
      try {
        FileStatus status = fs.getFileStatus(resolve(file));
        if (status.isFile()) {
          return OptionalLong.of(status.getLen());
        }
      } catch (FileNotFoundException e) {
        // try the next name, as openRows does
      } catch (IOException e) {
        throw new SourceException(Kind.UNREADABLE, file, 0, "cannot read the rows file's size", e);
      }
    }
    return OptionalLong.empty();
  }

  static String runDir(String workflowId, String jobId) {
    return workflowDir(workflowId) + "/runs/" + jobId;
  }

  private static String workflowDir(String workflowId) {
    return "workflows/" + workflowId;
  }

  /** Ids become path segments: refuse anything that could step outside the source or confuse Path. */
  private static String checkId(String id) {
    if (id == null || id.isEmpty() || id.startsWith(".") || id.chars().anyMatch(c -> c == '/' || c == '\\' || c == ':')) {
      throw new IllegalArgumentException("not a valid workflow or job id: '" + id + "'");
    }
    return id;
  }

  private static List<FieldSpec> schema(ObjectNode json, String file, Set<String> flaggedInWorkflow) {
    JsonNode schema = json.path("schema");
    if (!schema.isArray()) {
      throw SourceException.of(Kind.INVALID_SCHEMA, file, "schema is missing or not a list");
    }
    List<FieldSpec> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int ordinal = 0;
    for (JsonNode f : schema) {
      ordinal++;
      String name = f.path("name").isTextual() ? f.path("name").asText() : "";
      if (name.isBlank()) {
        throw SourceException.of(Kind.INVALID_SCHEMA, file, "schema field #" + ordinal + " has no name");
      }
      if (!names.add(name)) {
        throw SourceException.of(Kind.INVALID_SCHEMA, file, "schema field #" + ordinal + " repeats a name");
      }
      SourceType type;
      try {
        type = SourceType.parse(f.path("type").asText(null));
      } catch (IllegalArgumentException e) {
        throw SourceException.of(Kind.INVALID_SCHEMA, file, "schema field '" + name + "' has an unknown type");
      }
      boolean flagged = f.path("private").asBoolean(false) || flaggedInWorkflow.contains(name);
      fields.add(new FieldSpec(name, type, f.path("nullable").asBoolean(true), text(f, "description"), flagged));
    }
    return fields;
  }

  private ObjectNode readObject(String file) {
    byte[] bytes;
    try {
      Path path = resolve(file);
      if (fs.getFileStatus(path).getLen() > MAX_METADATA_BYTES) {
        throw SourceException.of(Kind.INVALID_SCHEMA, file, "metadata file is larger than 16 MiB");
      }
      try (InputStream in = fs.open(path)) {
        bytes = in.readAllBytes();
      }
    } catch (FileNotFoundException e) {
      throw SourceException.of(Kind.MISSING, file, "file does not exist");
    } catch (IOException e) {
      throw new SourceException(Kind.UNREADABLE, file, 0, "cannot read file", e);
    }
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (JsonEOFException e) {
      throw SourceException.of(Kind.TRUNCATED, file, "JSON ends early");
    } catch (JsonProcessingException e) {
      // The parser's own message quotes the offending text, which may be data: keep only the position.
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw SourceException.atLine(Kind.MALFORMED_JSON, file, Math.max(line, 0), "not valid JSON");
    } catch (IOException e) {
      throw new SourceException(Kind.UNREADABLE, file, 0, "cannot parse file", e);
    }
    if (node == null || node.isMissingNode()) {
      throw SourceException.of(Kind.TRUNCATED, file, "file is empty");
    }
    if (!node.isObject()) {
      throw SourceException.of(Kind.NOT_AN_OBJECT, file, "top-level JSON value is not an object");
    }
    return (ObjectNode) node;
  }

  private List<String> listDirectories(String dir, boolean required) {
    try {
      Path path = resolve(dir);
      if (!fs.exists(path)) {
        if (required) {
          throw SourceException.of(Kind.MISSING, dir, "folder does not exist");
        }
        return List.of();
      }
      TreeSet<String> names = new TreeSet<>();
      for (FileStatus status : fs.listStatus(path)) {
        String name = status.getPath().getName();
        // Writers' scratch folders (_temporary, .staging) are not workflows or runs.
        if (status.isDirectory() && !name.startsWith(".") && !name.startsWith("_")) {
          names.add(name);
        }
      }
      return List.copyOf(names);
    } catch (FileNotFoundException e) {
      throw SourceException.of(Kind.MISSING, dir, "folder does not exist");
    } catch (IOException e) {
      throw new SourceException(Kind.UNREADABLE, dir, 0, "cannot list folder", e);
    }
  }

  private boolean exists(String file) {
    try {
      return fs.exists(resolve(file));
    } catch (IOException e) {
      throw new SourceException(Kind.UNREADABLE, file, 0, "cannot check whether the file exists", e);
    }
  }

  private Path resolve(String relative) {
    return new Path(root, relative);
  }

  private static String text(JsonNode json, String key) {
    JsonNode n = json.path(key);
    return n.isValueNode() && !n.isNull() ? n.asText() : null;
  }

  private static Instant instant(JsonNode json, String key, String file, boolean required) {
    String text = text(json, key);
    if (text == null) {
      if (required) {
        throw SourceException.of(Kind.INVALID_SCHEMA, file, key + " is missing");
      }
      return null;
    }
    Instant instant = TextValues.parseInstant(text);
    if (instant == null) {
      throw SourceException.of(Kind.INVALID_SCHEMA, file, key + " is not an ISO-8601 time");
    }
    return instant;
  }
}
