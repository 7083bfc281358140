package io.shareline.provider.snowflake;

import io.shareline.provider.snowflake.EmulatedAccount.Database;
import io.shareline.provider.snowflake.EmulatedAccount.Schema;
import io.shareline.provider.snowflake.EmulatedAccount.View;
import io.shareline.provider.snowflake.EmulatedSnowflake.Session;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Databases, schemas, tables and views. Tables and views live in H2 (one H2 schema per Snowflake
 * schema of each account); the model keeps what H2 cannot: owners, secure views, the databases a view
 * reads, imported databases. Table definitions reach H2 with Snowflake types mapped.
 */
final class EmulatedCatalog {
  private static final Map<String, String> TYPES = Map.of("VARIANT", "VARCHAR", "OBJECT", "VARCHAR", "ARRAY", "VARCHAR",
      "TIMESTAMP_TZ", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_LTZ", "TIMESTAMP WITH TIME ZONE",
      "TIMESTAMP_NTZ", "TIMESTAMP", "NUMBER", "NUMERIC", "STRING", "VARCHAR", "TEXT", "VARCHAR");

  private final EmulatedSnowflake snowflake;

  EmulatedCatalog(EmulatedSnowflake snowflake) {
    this.snowflake = snowflake;
  }

  void needWarehouse(Session s) {
    if (s.warehouse() == null || !s.account().warehouses.contains(s.warehouse())
        || !s.account().may(s.role(), "USAGE", "WAREHOUSE", s.warehouse())) {
      throw EmulatorFailure.noWarehouse();
    }
  }

  EmulatedRows createDatabase(Session s, SqlTokens t, boolean replace) {
    boolean ifNotExists = t.accept("IF", "NOT", "EXISTS");
    String name = t.qualifiedName().get(0);
    if (t.accept("FROM", "SHARE")) {
      List<String> from = t.qualifiedName();
      t.end();
      return snowflake.shares.importDatabase(s, name, from);
    }
    t.end();
    EmulatedAccount a = s.account();
    if (!a.may(s.role(), "CREATE DATABASE", "ACCOUNT", a.locator)) {
      throw EmulatorFailure.denied("account " + a.locator + " (CREATE DATABASE)");
    }
    if (a.databases.containsKey(name) && !replace) {
      if (ifNotExists) {
        return EmulatedRows.status(name + " already exists, statement succeeded.");
      }
      throw EmulatorFailure.exists("Database", name);
    }
    Database d = new Database(name, s.role(), null);
    a.databases.put(name, d);
    addSchema(a, d, "PUBLIC");
    return EmulatedRows.status("Database " + name + " successfully created.");
  }

  EmulatedRows createSchema(Session s, SqlTokens t, boolean replace) {
    boolean ifNotExists = t.accept("IF", "NOT", "EXISTS");
    List<String> parts = t.qualifiedName();
    t.end();
    String db = parts.size() == 2 ? parts.get(0) : s.database();
    String name = parts.get(parts.size() - 1);
    Database d = owned(s, db);
    if (d.schemas.containsKey(name) && !replace) {
      if (ifNotExists) {
        return EmulatedRows.status(name + " already exists, statement succeeded.");
      }
      throw EmulatorFailure.exists("Schema", db + "." + name);
    }
    addSchema(s.account(), d, name);
    return EmulatedRows.status("Schema " + name + " successfully created.");
  }

  private void addSchema(EmulatedAccount a, Database d, String name) {
    d.schemas.put(name, new Schema(name));
    h2("CREATE SCHEMA IF NOT EXISTS " + a.h2Schema(d.name, name));
  }

  EmulatedRows createTable(Session s, SqlTokens t, boolean replace) {
    t.expect("TABLE");
    boolean ifNotExists = t.accept("IF", "NOT", "EXISTS");
    int nameStart = t.peek().start();
    List<String> full = full(s, t.qualifiedName());
    int nameEnd = t.tokens.get(t.at - 1).end();
    Schema schema = schemaOf(s, full, true);
    String name = full.get(2);
    if (schema.tables.contains(name) || schema.views.containsKey(name)) {
      if (ifNotExists) {
        return EmulatedRows.status(name + " already exists, statement succeeded.");
      }
      if (!replace) {
        throw EmulatorFailure.exists("Table", String.join(".", full));
      }
      h2("DROP TABLE IF EXISTS " + h2Name(s.account(), full));
    }
    StringBuilder ddl = new StringBuilder("CREATE TABLE " + h2Name(s.account(), full));
    int copied = nameEnd;
    for (int i = t.at; i < t.tokens.size(); i++) {
      SqlTokens.Token tok = t.tokens.get(i);
      boolean typePosition = i >= 2 && t.tokens.get(i - 1).identifier()
          && (t.tokens.get(i - 2).is("(") || t.tokens.get(i - 2).is(","));
      if (typePosition && tok.kind() == SqlTokens.Kind.WORD && TYPES.containsKey(tok.name())) {
        ddl.append(t.sql, copied, tok.start()).append(TYPES.get(tok.name()));
        copied = tok.end();
      }
    }
    ddl.append(t.sql.substring(copied).replaceAll(";\\s*$", ""));
    h2(ddl.toString());
    schema.tables.add(name);
    return EmulatedRows.status("Table " + name + " successfully created.");
  }

  EmulatedRows dropTable(Session s, SqlTokens t) {
    boolean ifExists = t.accept("IF", "EXISTS");
    List<String> full = full(s, t.qualifiedName());
    t.end();
    Schema schema = schemaOf(s, full, true);
    if (!schema.tables.remove(full.get(2))) {
      if (ifExists) {
        return EmulatedRows.status("Drop statement executed successfully (" + full.get(2) + " already dropped).");
      }
      throw EmulatorFailure.missing("Table", String.join(".", full));
    }
    h2("DROP TABLE " + h2Name(s.account(), full));
    return EmulatedRows.status(full.get(2) + " successfully dropped.");
  }

  EmulatedRows createView(Session s, SqlTokens t, boolean replace, boolean secure) {
    boolean ifNotExists = t.accept("IF", "NOT", "EXISTS");
    List<String> full = full(s, t.qualifiedName());
    boolean copyGrants = t.accept("COPY", "GRANTS");
    if (t.accept("COMMENT", "=")) {
      t.string();
    }
    t.expect("AS");
    Schema schema = schemaOf(s, full, true);
    String name = full.get(2);
    if (schema.views.containsKey(name) || schema.tables.contains(name)) {
      if (ifNotExists) {
        return EmulatedRows.status(name + " already exists, statement succeeded.");
      }
      if (!replace) {
        throw EmulatorFailure.exists("View", String.join(".", full));
      }
    }
    Set<String> databases = new LinkedHashSet<>();
    String body = snowflake.queries.rewrite(s, t, databases);
    h2("CREATE OR REPLACE VIEW " + h2Name(s.account(), full) + " AS " + body);
    databases.remove(full.get(0));
    schema.views.put(name, new View(name, secure, databases, t.sql.strip()));
    if (!copyGrants) {
      // Documented: CREATE OR REPLACE drops the object's grants unless COPY GRANTS keeps them.
      s.account().shares.values().forEach(share -> share.views.remove(String.join(".", full)));
    }
    return EmulatedRows.status("View " + name + " successfully created.");
  }

  /** What a {@code SHOW … [LIKE '…'] [IN SCHEMA d.s]} lists: a LIKE pattern within one schema. */
  record Listing(String like, String database, String schema) {
    static Listing parse(Session s, SqlTokens t) {
      String like = t.accept("LIKE") ? t.string() : "%";
      String db = s.database();
      String schema = s.schema();
      if (t.accept("IN", "SCHEMA")) {
        List<String> parts = t.qualifiedName();
        db = parts.size() == 2 ? parts.get(0) : db;
        schema = parts.get(parts.size() - 1);
      }
      t.end();
      return new Listing(like, db, schema);
    }
  }

  /** {@code SHOW VIEWS [LIKE '…'] [IN SCHEMA d.s]}: name, security and the CREATE text. */
  EmulatedRows showViews(Session s, SqlTokens t) {
    Listing in = Listing.parse(s, t);
    Schema schema = s.account().schema(in.database(), in.schema());
    EmulatedRows.Builder rows = EmulatedRows.show("created_on", "name", "database_name", "schema_name", "is_secure", "text");
    for (View v : schema.views.values()) {
      if (EmulatedSnowflake.like(v.name(), in.like())) {
        rows.row("", v.name(), in.database(), in.schema(), v.secure(), v.text());
      }
    }
    return rows.build();
  }

  /** A name made whole with the session's database and schema. */
  static List<String> full(Session s, List<String> parts) {
    List<String> full = new ArrayList<>(parts);
    if (full.size() < 3) {
      full.add(0, full.size() == 2 ? s.database() : s.schema());
    }
    if (full.size() < 3) {
      full.add(0, s.database());
    }
    if (full.get(0) == null || full.get(1) == null) {
      throw EmulatorFailure.statement("090105", "22000", "Cannot perform operation. This session does not have a current"
          + " database or schema. Call 'USE DATABASE', or use a qualified name.");
    }
    return full;
  }

  Schema schemaOf(Session s, List<String> full, boolean mustOwn) {
    if (mustOwn) {
      owned(s, full.get(0));
    }
    return s.account().schema(full.get(0), full.get(1));
  }

  private Database owned(Session s, String db) {
    Database d = s.account().database(db);
    if (d.imported != null || !d.ownerRole.equals(s.role())) {
      throw EmulatorFailure.denied("database " + db);
    }
    return d;
  }

  static String h2Name(EmulatedAccount a, List<String> full) {
    return a.h2Schema(full.get(0), full.get(1)) + "." + EmulatedAccount.quote(full.get(2));
  }

  void h2(String sql) {
    try (Statement st = snowflake.h2.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  static EmulatorFailure translate(SQLException e) {
    String first = String.valueOf(e.getMessage()).split("\n")[0].replaceAll("; SQL statement:.*", "");
    return switch (e.getErrorCode()) {
      case 42102, 42104 -> EmulatorFailure.statement("002003", "02000", "SQL compilation error:\n" + first);
      case 42122 -> EmulatorFailure.statement("000904", "42000", "SQL compilation error:\ninvalid identifier: " + first);
      default -> EmulatorFailure.statement("100000", "22000", first);
    };
  }
}
