package io.shareline.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.schema.FieldSpec;
import io.shareline.source.SourceException.Kind;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
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
 * Reads the upstream engine's run output from a local folder or any Hadoop file system
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

  /**
   * Job ids of the workflow's runs, sorted; empty when the workflow has no {@code runs/} yet. Any folder
   * {@link #listWorkflowIds} names is listed, also one whose name is no valid id: its runs then fail to read
   * (as {@link Kind#MISSING}) instead of vanishing from the history.
   */
  public List<String> listJobIds(String workflowId) {
    if (workflowId == null || workflowId.isEmpty() || workflowId.startsWith(".") || workflowId.contains("/")) {
      checkId(workflowId);
    }
    String dir = workflowDir(workflowId);
    if (!exists(dir)) {
      throw SourceException.of(Kind.MISSING, dir, "workflow folder does not exist");
    }
    return listDirectories(dir + "/runs", false);
  }

  /** The folder name is the id: an {@code "id"} inside workflow.json must agree with it or be left out. */
  public WorkflowInfo readWorkflow(String workflowId) {
    String file = workflowDir(checkId(workflowId)) + "/workflow.json";
    ObjectNode json = readObject(file);
    MetadataJson.requireFolderId(json, "id", workflowId, file);
    return new WorkflowInfo(
        workflowId,
        MetadataJson.text(json, "name"),
        MetadataJson.text(json, "team"),
        MetadataJson.instant(json, "created_at", file, false),
        MetadataJson.privateFields(json, file));
  }

  /** The run's metadata, with each field's private flag merged from run.json and workflow.json. */
  public RunInfo readRun(String workflowId, String jobId) {
    String file = runDir(checkId(workflowId), checkId(jobId)) + "/run.json";
    ObjectNode json = readObject(file);
    MetadataJson.requireFolderId(json, "job_id", jobId, file);
    MetadataJson.requireFolderId(json, "workflow_id", workflowId, file);
    Set<String> flaggedInWorkflow = readWorkflow(workflowId).privateFields();
    JsonNode rowCount = json.path("row_count");
    if (!rowCount.canConvertToExactIntegral() || !rowCount.canConvertToLong() || rowCount.asLong() < 0) {
      throw SourceException.of(Kind.INVALID_SCHEMA, file, "row_count is missing or not a non-negative integer");
    }
    return new RunInfo(
        workflowId,
        jobId,
        MetadataJson.text(json, "status"),
        MetadataJson.instant(json, "started_at", file, false),
        MetadataJson.instant(json, "finished_at", file, true),
        rowCount.asLong(),
        schema(json, file, flaggedInWorkflow));
  }

  /**
   * Streams the run's rows from {@code rows.jsonl} or {@code rows.jsonl.gz}. A run folder holding both, or
   * whose rows file is a folder, is {@link Kind#BAD_LAYOUT}: which rows are the run's is never guessed.
   */
  public RowStream openRows(String workflowId, String jobId) {
    FileStatus rows = rowsFile(workflowId, jobId);
    String file = runDir(workflowId, jobId) + "/" + rows.getPath().getName();
    try {
      return new RowStream(() -> fs.open(rows.getPath()), file.endsWith(".gz"), file);
    } catch (FileNotFoundException e) {
      throw SourceException.of(Kind.MISSING, file, "rows file disappeared while opening it");
    } catch (IOException e) {
      throw new SourceException(Kind.UNREADABLE, file, 0, "cannot open rows file", e);
    }
  }

  /** Size in bytes of the rows file {@link #openRows} would read, as stored (gzipped or not); empty when there is none. */
  public OptionalLong rowsFileBytes(String workflowId, String jobId) {
    try {
      return OptionalLong.of(rowsFile(workflowId, jobId).getLen());
    } catch (SourceException e) {
      if (e.kind() == Kind.MISSING) {
        return OptionalLong.empty();
      }
      throw e;
    }
  }

  /** The run's one rows file, from one status call per candidate name. */
  private FileStatus rowsFile(String workflowId, String jobId) {
    String dir = runDir(checkId(workflowId), checkId(jobId));
    List<FileStatus> found = new ArrayList<>();
    for (String name : ROWS_FILES) {
      String file = dir + "/" + name;
      try {
        found.add(fs.getFileStatus(resolve(file)));
      } catch (FileNotFoundException e) {
        // not this name
      } catch (IOException e) {
        throw new SourceException(Kind.UNREADABLE, file, 0, "cannot read the rows file's status", e);
      }
    }
    if (found.isEmpty()) {
      throw SourceException.of(Kind.MISSING, dir + "/rows.jsonl", "neither rows.jsonl nor rows.jsonl.gz exists");
    }
    if (found.size() > 1) {
      throw SourceException.of(Kind.BAD_LAYOUT, dir, "both rows.jsonl and rows.jsonl.gz exist: which holds the run's rows is ambiguous");
    }
    FileStatus rows = found.get(0);
    if (!rows.isFile()) {
      throw SourceException.of(Kind.BAD_LAYOUT, dir + "/" + rows.getPath().getName(), "the rows file is a folder, not a file");
    }
    return rows;
  }

  static String runDir(String workflowId, String jobId) {
    return workflowDir(workflowId) + "/runs/" + jobId;
  }

  private static String workflowDir(String workflowId) {
    return "workflows/" + workflowId;
  }

  /**
   * Ids become path segments and parts of staged files' URIs: refuse anything that could step outside the
   * source, confuse Path, or read differently once a URI escapes it. No folder of the source can have such an
   * id, so the run is missing (not retryable), whoever named it.
   */
  private static String checkId(String id) {
    if (id == null || id.isEmpty() || id.startsWith(".") || id.chars().anyMatch(RunSource::notInId)) {
      throw SourceException.of(Kind.MISSING, null, (id == null ? "no id" : MetadataJson.quoted(id))
          + " cannot be a workflow or job id: ids are folder names that do not start with '.' and hold no"
          + " whitespace, control character or any of / \\ : % # ?");
    }
    return id;
  }

  private static boolean notInId(int c) {
    return "/\\:%#?".indexOf(c) >= 0 || Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
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
      String owner = "schema field #" + ordinal + " (" + MetadataJson.quoted(name) + ")";
      boolean flagged = MetadataJson.flag(f, "private", file, owner) || flaggedInWorkflow.contains(name);
      fields.add(new FieldSpec(name, MetadataJson.type(f, owner, file), f.path("nullable").asBoolean(true),
          MetadataJson.text(f, "description"), flagged));
    }
    return fields;
  }

  private ObjectNode readObject(String file) {
    byte[] bytes;
    try {
      Path path = resolve(file);
      FileStatus status = fs.getFileStatus(path);
      if (!status.isFile()) {
        throw SourceException.of(Kind.BAD_LAYOUT, file, "a folder, not a file");
      }
      if (status.getLen() > MAX_METADATA_BYTES) {
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
    return MetadataJson.parse(bytes, file);
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
}
