package io.shareline.provider.snowflake;

import io.shareline.provider.snowflake.EmulatedAccount.Schema;
import io.shareline.provider.snowflake.EmulatedAccount.Stage;
import io.shareline.provider.snowflake.EmulatedSnowflake.Session;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * External stages over a storage integration, the files under their URLs, and {@code COPY INTO} with an
 * explicit file list and {@code MATCH_BY_COLUMN_NAME}, keeping load metadata per table: a file already
 * loaded into a table is skipped (as Snowflake does for 64 days) unless {@code FORCE = TRUE}. A staged
 * file is either a list of rows keyed by column name that a test puts at a URL, or a real Parquet file
 * under a bucket mounted on a Hadoop location (the storage integration's cloud side), read as it is.
 */
final class EmulatedStages {
  private final EmulatedSnowflake snowflake;
  /** Staged files by full URL (s3://bucket/path/file). */
  final Map<String, List<Map<String, Object>>> files = new HashMap<>();
  /** Buckets: URL prefix (s3://bucket/prefix/) to the Hadoop location holding its objects. */
  final Map<String, String> mounts = new HashMap<>();
  org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
  /** Load metadata: per table (account locator + full name), the file URLs loaded. */
  private final Map<String, Set<String>> loaded = new HashMap<>();

  EmulatedStages(EmulatedSnowflake snowflake) {
    this.snowflake = snowflake;
  }

  EmulatedRows create(Session s, SqlTokens t, boolean replace) {
    boolean ifNotExists = t.accept("IF", "NOT", "EXISTS");
    List<String> full = EmulatedCatalog.full(s, t.qualifiedName());
    String url = null;
    String integration = null;
    while (!t.done()) {
      if (t.accept("URL", "=")) {
        url = t.string();
      } else if (t.accept("STORAGE_INTEGRATION", "=")) {
        integration = t.qualifiedName().get(0);
      } else if (t.accept("FILE_FORMAT", "=", "(")) {
        while (!t.accept(")")) {
          t.next();
        }
      } else {
        throw EmulatorFailure.syntax(t.peek().start(), "unexpected '" + t.peek().text() + "' in CREATE STAGE");
      }
    }
    EmulatedAccount a = s.account();
    if (url == null || integration == null) {
      throw EmulatorFailure.syntax(0, "the emulator models external stages only: URL and STORAGE_INTEGRATION are required");
    }
    if (!a.integrations.contains(integration)) {
      throw EmulatorFailure.missing("Integration", integration);
    }
    if (!a.may(s.role(), "USAGE", "INTEGRATION", integration)) {
      throw EmulatorFailure.denied("integration " + integration);
    }
    Schema schema = snowflake.catalog.schemaOf(s, full, true);
    if (schema.stages.containsKey(full.get(2)) && !replace) {
      if (ifNotExists) {
        return EmulatedRows.status(full.get(2) + " already exists, statement succeeded.");
      }
      throw EmulatorFailure.exists("Stage", String.join(".", full));
    }
    schema.stages.put(full.get(2), new Stage(full.get(2), url.endsWith("/") ? url : url + "/", integration));
    return EmulatedRows.status("Stage area " + full.get(2) + " successfully created.");
  }

  EmulatedRows show(Session s, SqlTokens t) {
    EmulatedCatalog.Listing in = EmulatedCatalog.Listing.parse(s, t);
    EmulatedRows.Builder rows = EmulatedRows.show("created_on", "name", "database_name", "schema_name", "url",
        "storage_integration", "type");
    for (Stage stage : s.account().schema(in.database(), in.schema()).stages.values()) {
      if (EmulatedSnowflake.like(stage.name(), in.like())) {
        rows.row("", stage.name(), in.database(), in.schema(), stage.url(), stage.integration(), "EXTERNAL");
      }
    }
    return rows.build();
  }

  EmulatedRows copyInto(Session s, SqlTokens t) {
    List<String> table = EmulatedCatalog.full(s, t.qualifiedName());
    String target = snowflake.shares.resolve(s, table, true);
    t.expect("FROM");
    t.expect("@");
    List<String> stageName = EmulatedCatalog.full(s, t.qualifiedName());
    String path = "";
    if (t.peek().is("/")) {
      int from = t.peek().start();
      int end = from;
      while (end < t.sql.length() && !Character.isWhitespace(t.sql.charAt(end))) {
        end++;
      }
      path = t.sql.substring(from + 1, end);
      while (!t.done() && t.peek().start() < end) {
        t.next();
      }
    }
    List<String> fileNames = new ArrayList<>();
    boolean byName = false;
    boolean force = false;
    while (!t.done()) {
      if (t.accept("FILES", "=", "(")) {
        do {
          fileNames.add(t.string());
        } while (t.accept(","));
        t.expect(")");
      } else if (t.accept("MATCH_BY_COLUMN_NAME", "=")) {
        byName = !t.next().is("NONE");
      } else if (t.accept("FORCE", "=")) {
        force = t.next().is("TRUE");
      } else if (t.accept("FILE_FORMAT", "=", "(")) {
        while (!t.accept(")")) {
          t.next();
        }
      } else {
        throw EmulatorFailure.syntax(t.peek().start(), "unexpected '" + t.peek().text() + "' in COPY INTO");
      }
    }
    if (!byName || fileNames.isEmpty()) {
      throw EmulatorFailure.syntax(0, "the emulator models COPY INTO with FILES = (…) and MATCH_BY_COLUMN_NAME only");
    }
    Stage stage = snowflake.catalog.schemaOf(s, stageName, false).stages.get(stageName.get(2));
    if (stage == null) {
      throw EmulatorFailure.missing("Stage", String.join(".", stageName));
    }
    String base = stage.url() + (path.isEmpty() ? "" : path.endsWith("/") ? path : path + "/");
    Set<String> done = loaded.computeIfAbsent(s.account().locator + ":" + String.join(".", table), k -> new HashSet<>());
    EmulatedRows.Builder result = EmulatedRows.show("file", "status", "rows_parsed", "rows_loaded", "error_limit",
        "errors_seen", "first_error", "first_error_line", "first_error_character", "first_error_column_name");
    int processed = 0;
    for (String name : fileNames) {
      String url = base + name;
      List<Map<String, Object>> rows = files.containsKey(url) ? files.get(url) : mounted(url);
      if (rows == null) {
        throw EmulatorFailure.statement("100038", "22000", "Remote file '" + url + "' was not found. There are several"
            + " potential causes. The file might not exist.");
      }
      if (done.contains(url) && !force) {
        continue;
      }
      insert(target, rows);
      done.add(url);
      processed++;
      result.row(url, "LOADED", rows.size(), rows.size(), 1, 0, null, null, null, null);
    }
    if (processed == 0) {
      return EmulatedRows.status("Copy executed with 0 files processed.");
    }
    return result.build();
  }

  private List<Map<String, Object>> mounted(String url) {
    return mounts.entrySet().stream().filter(m -> url.startsWith(m.getKey())).findFirst()
        .flatMap(m -> EmulatedParquet.read(m.getValue() + url.substring(m.getKey().length()), conf)).orElse(null);
  }

  private void insert(String target, List<Map<String, Object>> rows) {
    try {
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = snowflake.h2.createStatement().executeQuery("SELECT * FROM " + target + " WHERE 1 = 0")) {
        for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
          columns.add(rs.getMetaData().getColumnLabel(c));
        }
      }
      String marks = String.join(", ", columns.stream().map(c -> "?").toList());
      try (PreparedStatement st = snowflake.h2.prepareStatement("INSERT INTO " + target + " VALUES (" + marks + ")")) {
        for (Map<String, Object> row : rows) {
          Map<String, Object> upper = new HashMap<>();
          row.forEach((k, v) -> upper.put(k.toUpperCase(Locale.ROOT), v));
          for (int c = 0; c < columns.size(); c++) {
            st.setObject(c + 1, upper.get(columns.get(c).toUpperCase(Locale.ROOT)));
          }
          st.addBatch();
        }
        st.executeBatch();
      }
    } catch (SQLException e) {
      throw EmulatedCatalog.translate(e);
    }
  }
}
