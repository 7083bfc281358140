package io.shareline.provider.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL warehouse behind the Statement Execution API: a statement is {@code PENDING}, then
 * {@code RUNNING}, then {@code SUCCEEDED} or {@code FAILED}, one state per poll (or the number of polls
 * the test sets); it takes effect when it finishes. It runs the three statements the provider sends —
 * {@code CREATE TABLE IF NOT EXISTS … USING DELTA LOCATION …}, {@code [MSCK] REPAIR TABLE … SYNC METADATA}
 * and {@code SELECT COUNT(*) FROM …} — with Unity Catalog's privilege checks, and fails anything else
 * with a parse error. Failures carry a SQL state as Databricks' error classes do.
 */
final class EmulatedWarehouse {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME = "((?:`[^`]+`|\\w+)(?:\\.(?:`[^`]+`|\\w+)){2})";
  private static final Pattern CREATE = Pattern.compile("(?is)^\\s*CREATE\\s+TABLE\\s+IF\\s+NOT\\s+EXISTS\\s+" + NAME
      + "\\s+USING\\s+DELTA\\s+LOCATION\\s+'([^']+)'(?:\\s+COMMENT\\s+'([^']*)')?\\s*;?\\s*$");
  private static final Pattern REPAIR = Pattern.compile("(?is)^\\s*(?:MSCK\\s+)?REPAIR\\s+TABLE\\s+" + NAME
      + "\\s+SYNC\\s+METADATA\\s*;?\\s*$");
  private static final Pattern COUNT = Pattern.compile("(?is)^\\s*SELECT\\s+COUNT\\(\\*\\)\\s+FROM\\s+" + NAME + "\\s*;?\\s*$");

  /** What the emulator's Unity Catalog does for a statement; the warehouse only schedules it. */
  interface Catalog {
    void createExternalTable(String principal, String fullName, String location, String comment);

    void syncMetadata(String principal, String fullName);

    long countRows(String principal, String fullName);
  }

  private final Catalog catalog;
  private final Map<String, Running> statements = new HashMap<>();
  private volatile int pollsToFinish = 1;
  private volatile String state = "STOPPED";

  private static final class Running {
    final String principal;
    final String sql;
    int polls;
    ObjectNode answer;

    Running(String principal, String sql) {
      this.principal = principal;
      this.sql = sql;
    }
  }

  EmulatedWarehouse(Catalog catalog) {
    this.catalog = catalog;
  }

  void pollsToFinish(int polls) {
    this.pollsToFinish = polls;
  }

  String state() {
    return state;
  }

  void state(String state) {
    this.state = state;
  }

  synchronized ObjectNode submit(String principal, JsonNode body) {
    if (body.has("format") && !Set.of("JSON_ARRAY").contains(body.get("format").asText())) {
      throw new EmulatorError(400, "INVALID_PARAMETER_VALUE", "format must be JSON_ARRAY with INLINE disposition");
    }
    if (body.has("disposition") && !"INLINE".equals(body.get("disposition").asText())) {
      throw new EmulatorError(400, "INVALID_PARAMETER_VALUE", "disposition must be INLINE");
    }
    if (body.has("wait_timeout") && !body.get("wait_timeout").asText().matches("0s|([5-9]|[1-4][0-9]|50)s")) {
      throw new EmulatorError(400, "INVALID_PARAMETER_VALUE", "wait_timeout must be 0s or 5s to 50s");
    }
    state = "RUNNING"; // a stopped warehouse starts for the statement
    String id = UUID.randomUUID().toString();
    Running r = new Running(principal, body.get("statement").asText());
    statements.put(id, r);
    return advance(id, r);
  }

  synchronized ObjectNode poll(String id) {
    Running r = statements.get(id);
    if (r == null) {
      throw new EmulatorError(404, "RESOURCE_DOES_NOT_EXIST", "Statement " + id + " does not exist");
    }
    r.polls++;
    return advance(id, r);
  }

  synchronized void cancel(String id) {
    Running r = statements.get(id);
    if (r == null) {
      throw new EmulatorError(404, "RESOURCE_DOES_NOT_EXIST", "Statement " + id + " does not exist");
    }
    if (r.answer == null) {
      r.answer = status(id, "CANCELED");
    }
  }

  private ObjectNode advance(String id, Running r) {
    if (r.answer != null) {
      return r.answer;
    }
    if (r.polls < pollsToFinish) {
      return status(id, r.polls == 0 ? "PENDING" : "RUNNING");
    }
    r.answer = finish(id, r);
    return r.answer;
  }

  private ObjectNode finish(String id, Running r) {
    Matcher m;
    try {
      if ((m = CREATE.matcher(r.sql)).matches()) {
        catalog.createExternalTable(r.principal, name(m.group(1)), m.group(2), m.group(3));
        return status(id, "SUCCEEDED");
      }
      if ((m = REPAIR.matcher(r.sql)).matches()) {
        catalog.syncMetadata(r.principal, name(m.group(1)));
        return status(id, "SUCCEEDED");
      }
      if ((m = COUNT.matcher(r.sql)).matches()) {
        long rows = catalog.countRows(r.principal, name(m.group(1)));
        ObjectNode answer = status(id, "SUCCEEDED");
        ObjectNode manifest = answer.putObject("manifest").put("format", "JSON_ARRAY").put("total_row_count", 1)
            .put("total_chunk_count", 1);
        manifest.putObject("schema").put("column_count", 1).putArray("columns").addObject()
            .put("name", "count(1)").put("type_name", "LONG").put("position", 0);
        ObjectNode result = answer.putObject("result").put("chunk_index", 0).put("row_offset", 0).put("row_count", 1);
        result.putArray("data_array").addArray().add(Long.toString(rows));
        return answer;
      }
      return failed(id, "42601", "[PARSE_SYNTAX_ERROR] the emulator runs CREATE TABLE IF NOT EXISTS … USING DELTA"
          + " LOCATION, REPAIR TABLE … SYNC METADATA and SELECT COUNT(*)");
    } catch (SqlFailure f) {
      return failed(id, f.sqlState, f.getMessage());
    }
  }

  /** A statement's failure as its error class and SQL state. */
  static final class SqlFailure extends RuntimeException {
    final String sqlState;

    SqlFailure(String sqlState, String message) {
      super(message);
      this.sqlState = sqlState;
    }
  }

  private static ObjectNode status(String id, String state) {
    ObjectNode answer = JSON.createObjectNode().put("statement_id", id);
    answer.putObject("status").put("state", state);
    return answer;
  }

  private static ObjectNode failed(String id, String sqlState, String message) {
    ObjectNode answer = status(id, "FAILED");
    ObjectNode status = (ObjectNode) answer.get("status");
    status.put("sql_state", sqlState);
    status.putObject("error").put("error_code", "BAD_REQUEST").put("message", message + " SQLSTATE: " + sqlState);
    return answer;
  }

  private static String name(String quoted) {
    return quoted.replace("`", "");
  }
}
