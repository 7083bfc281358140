package io.shareline.provider.snowflake;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The emulated deployment behind the SQL API: accounts (with regions) and what they hold, over one
 * in-memory H2 database for rows. A statement is tokenized and dispatched by its leading keywords to
 * the Snowflake-specific handlers (databases, schemas, views, shares, grants, stages, {@code COPY INTO},
 * {@code SHOW}, {@code DESCRIBE}); plain SELECT, INSERT, DELETE and CREATE TABLE go to H2 with their
 * object names resolved. One lock: statements apply one at a time, as if serialized.
 */
final class EmulatedSnowflake implements AutoCloseable {
  /** Who runs a statement and in which context (from the JWT and the request body). */
  record Session(EmulatedAccount account, String user, String role, String warehouse, String database, String schema) {}

  final Map<String, EmulatedAccount> accounts = new LinkedHashMap<>();
  final Connection h2;
  final EmulatedCatalog catalog;
  final EmulatedQueries queries;
  final EmulatedShares shares;
  final EmulatedStages stages;

  EmulatedSnowflake() {
    try {
      h2 = DriverManager.getConnection("jdbc:h2:mem:snowflake-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    catalog = new EmulatedCatalog(this);
    queries = new EmulatedQueries(this);
    shares = new EmulatedShares(this);
    stages = new EmulatedStages(this);
  }

  synchronized EmulatedAccount account(String organization, String name, String locator, String region) {
    EmulatedAccount a = new EmulatedAccount(organization.toUpperCase(Locale.ROOT), name.toUpperCase(Locale.ROOT),
        locator.toUpperCase(Locale.ROOT), region);
    accounts.put(a.locator, a);
    return a;
  }

  /** The account an identifier names in any documented form, or null. */
  synchronized EmulatedAccount find(String identifier) {
    String id = identifier.toUpperCase(Locale.ROOT);
    return accounts.values().stream().filter(a -> a.identifiers().contains(id)).findFirst().orElse(null);
  }

  synchronized EmulatedRows execute(Session session, String sql, List<SnowflakeStatement.Binding> bindings) {
    SqlTokens t = new SqlTokens(sql);
    SqlTokens.Token first = t.peek();
    if (first.is("USE")) {
      // Documented: commands changing the session's context run only inside a multi-statement request; the
      // code is the one third-party clients report for a single USE.
      throw EmulatorFailure.statement("391911", "0A000", "Unsupported statement type 'USE' in a single-statement request.");
    }
    if (first.is("CREATE")) {
      return create(session, t);
    }
    if (first.is("GRANT") || first.is("REVOKE")) {
      return grant(session, t);
    }
    if (t.accept("ALTER", "SHARE")) {
      return shares.alter(session, t);
    }
    if (t.accept("SHOW")) {
      return show(session, t);
    }
    if (t.accept("DESCRIBE", "SHARE") || t.accept("DESC", "SHARE")) {
      return shares.describe(session, t);
    }
    if (t.accept("COPY", "INTO")) {
      catalog.needWarehouse(session);
      return stages.copyInto(session, t);
    }
    if (first.is("SELECT") || first.is("INSERT") || first.is("DELETE") || first.is("UPDATE") || first.is("WITH")) {
      catalog.needWarehouse(session);
      return queries.plain(session, t, bindings);
    }
    if (t.accept("DROP", "TABLE")) {
      return catalog.dropTable(session, t);
    }
    throw EmulatorFailure.syntax(first.start(), "unexpected '" + first.text() + "' (not modelled by the emulator)");
  }

  /**
   * A multi-statement request, as one session: BEGIN [TRANSACTION] / START TRANSACTION, COMMIT and ROLLBACK
   * control an H2 transaction over the rows (the object model is not transactional); a failing statement
   * ends the request and rolls back an open transaction, as does the end of the request without COMMIT.
   */
  synchronized List<EmulatedRows> executeAll(Session session, List<String> texts, List<SnowflakeStatement.Binding> bindings) {
    List<EmulatedRows> results = new java.util.ArrayList<>();
    int bound = 0;
    try {
      for (String text : texts) {
        SqlTokens t = new SqlTokens(text);
        if (t.accept("BEGIN") || t.accept("START", "TRANSACTION")) {
          t.accept("TRANSACTION");
          t.end();
          h2.setAutoCommit(false);
          results.add(EmulatedRows.status("Statement executed successfully."));
        } else if (t.accept("COMMIT") || t.accept("ROLLBACK")) {
          if (!h2.getAutoCommit()) {
            if (t.tokens.get(0).is("COMMIT")) {
              h2.commit();
            } else {
              h2.rollback();
            }
            h2.setAutoCommit(true);
          }
          results.add(EmulatedRows.status("Statement executed successfully."));
        } else {
          int marks = SqlTokens.marks(text);
          results.add(execute(session, text, bindings.subList(bound, bound + marks)));
          bound += marks;
        }
      }
      return results;
    } catch (SQLException e) {
      throw EmulatedCatalog.translate(e);
    } finally {
      try {
        if (!h2.getAutoCommit()) {
          h2.rollback();
          h2.setAutoCommit(true);
        }
      } catch (SQLException e) {
        throw EmulatedCatalog.translate(e);
      }
    }
  }

  private EmulatedRows create(Session session, SqlTokens t) {
    int start = t.at;
    t.expect("CREATE");
    boolean replace = t.accept("OR", "REPLACE");
    if (t.accept("DATABASE")) {
      return catalog.createDatabase(session, t, replace);
    }
    if (t.accept("SCHEMA")) {
      return catalog.createSchema(session, t, replace);
    }
    if (t.accept("SHARE")) {
      return shares.create(session, t, replace);
    }
    if (t.accept("STAGE")) {
      return stages.create(session, t, replace);
    }
    if (t.accept("SECURE", "VIEW")) {
      return catalog.createView(session, t, replace, true);
    }
    if (t.accept("VIEW")) {
      return catalog.createView(session, t, replace, false);
    }
    if (t.peek().is("TABLE")) {
      return catalog.createTable(session, t, replace);
    }
    t.at = start;
    throw EmulatorFailure.syntax(t.peek().start(), "CREATE of this kind is not modelled by the emulator");
  }

  private EmulatedRows grant(Session session, SqlTokens t) {
    boolean revoke = t.next().is("REVOKE");
    String privilege = t.next().name();
    t.expect("ON");
    String kind = t.next().name();
    List<String> object = t.qualifiedName();
    t.expect(revoke ? "FROM" : "TO");
    t.expect("SHARE");
    String share = t.qualifiedName().get(0);
    t.end();
    return shares.grant(session, revoke, privilege, kind, object, share);
  }

  private EmulatedRows show(Session session, SqlTokens t) {
    if (t.accept("GRANTS", "TO", "SHARE")) {
      return shares.grantsToShare(session, t.qualifiedName().get(0));
    }
    if (t.accept("GRANTS", "OF", "SHARE")) {
      return shares.grantsOfShare(session, t.qualifiedName().get(0));
    }
    if (t.accept("GRANTS", "TO", "ROLE")) {
      return shares.grantsToRole(session, t.qualifiedName().get(0));
    }
    if (t.accept("VIEWS")) {
      return catalog.showViews(session, t);
    }
    if (t.accept("STAGES")) {
      return stages.show(session, t);
    }
    if (t.accept("INTEGRATIONS")) {
      String like = t.accept("LIKE") ? t.string() : "%";
      EmulatedRows.Builder rows = EmulatedRows.show("name", "type", "category", "enabled");
      session.account().integrations.stream().filter(i -> like(i, like))
          .forEach(i -> rows.row(i, "EXTERNAL_STAGE", "STORAGE", "true"));
      return rows.build();
    }
    if (t.accept("WAREHOUSES")) {
      String like = t.accept("LIKE") ? t.string() : "%";
      EmulatedRows.Builder rows = EmulatedRows.show("name", "state", "type", "size");
      session.account().warehouses.stream().filter(w -> like(w, like))
          .forEach(w -> rows.row(w, "SUSPENDED", "STANDARD", "X-Small"));
      return rows.build();
    }
    throw EmulatorFailure.syntax(t.peek().start(), "SHOW of this kind is not modelled by the emulator");
  }

  /** SQL LIKE as SHOW … LIKE uses it: case-insensitive, % and _. */
  static boolean like(String value, String pattern) {
    String regex = pattern.toUpperCase(Locale.ROOT).replace(".", "\\.").replace("%", ".*").replace("_", ".");
    return value.toUpperCase(Locale.ROOT).matches(regex);
  }

  @Override
  public synchronized void close() throws SQLException {
    h2.close();
  }
}
