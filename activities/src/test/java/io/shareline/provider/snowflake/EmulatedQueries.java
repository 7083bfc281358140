package io.shareline.provider.snowflake;

import io.shareline.provider.snowflake.EmulatedSnowflake.Session;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Plain SQL (SELECT, INSERT, DELETE, UPDATE, and view bodies) handed to H2 with every object name after
 * FROM, JOIN, INTO or UPDATE resolved against the session's database and schema (or through a database
 * imported from a share), session functions evaluated, bind variables bound, and the answer typed as the
 * SQL API types its columns.
 */
final class EmulatedQueries {
  private final EmulatedSnowflake snowflake;

  EmulatedQueries(EmulatedSnowflake snowflake) {
    this.snowflake = snowflake;
  }

  /** SELECT, INSERT, DELETE, UPDATE: names resolved, bind variables bound, run by H2. */
  EmulatedRows plain(Session s, SqlTokens t, List<SnowflakeStatement.Binding> bindings) {
    String verb = t.peek().name();
    String sql = rewrite(s, t, new LinkedHashSet<>());
    try (PreparedStatement st = snowflake.h2.prepareStatement(sql)) {
      for (int i = 0; i < bindings.size(); i++) {
        bind(st, i + 1, bindings.get(i));
      }
      if (st.execute()) {
        return rows(st.getResultSet());
      }
      String column = switch (verb) {
        case "INSERT" -> "number of rows inserted";
        case "DELETE" -> "number of rows deleted";
        default -> "number of rows updated";
      };
      return new EmulatedRows(List.of(new EmulatedRows.Column(column, "fixed")),
          List.of(List.of(Integer.toString(st.getUpdateCount()))));
    } catch (SQLException e) {
      throw EmulatedCatalog.translate(e);
    }
  }

  private static void bind(PreparedStatement st, int index, SnowflakeStatement.Binding b) throws SQLException {
    switch (b.type()) {
      case "FIXED" -> st.setBigDecimal(index, b.value() == null ? null : new java.math.BigDecimal(b.value()));
      case "REAL" -> st.setObject(index, b.value() == null ? null : Double.valueOf(b.value()), Types.DOUBLE);
      case "BOOLEAN" -> st.setObject(index, b.value() == null ? null : Boolean.valueOf(b.value()), Types.BOOLEAN);
      default -> st.setString(index, b.value());
    }
  }

  static EmulatedRows rows(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    List<EmulatedRows.Column> columns = new ArrayList<>();
    for (int c = 1; c <= meta.getColumnCount(); c++) {
      columns.add(new EmulatedRows.Column(meta.getColumnLabel(c), sqlApiType(meta.getColumnType(c))));
    }
    List<List<String>> rows = new ArrayList<>();
    while (rs.next()) {
      List<String> row = new ArrayList<>();
      for (int c = 1; c <= columns.size(); c++) {
        row.add(rs.getString(c));
      }
      rows.add(row);
    }
    return new EmulatedRows(columns, rows);
  }

  private static String sqlApiType(int jdbcType) {
    return switch (jdbcType) {
      case Types.INTEGER, Types.BIGINT, Types.SMALLINT, Types.TINYINT, Types.NUMERIC, Types.DECIMAL -> "fixed";
      case Types.DOUBLE, Types.FLOAT, Types.REAL -> "real";
      case Types.BOOLEAN -> "boolean";
      case Types.DATE -> "date";
      case Types.TIMESTAMP_WITH_TIMEZONE -> "timestamp_tz";
      case Types.TIMESTAMP -> "timestamp_ntz";
      default -> "text";
    };
  }

  /** The statement from the current token on, with object names resolved and session functions evaluated. */
  String rewrite(Session s, SqlTokens t, Set<String> databases) {
    StringBuilder out = new StringBuilder();
    int copied = t.peek().start();
    while (!t.done()) {
      SqlTokens.Token tok = t.next();
      boolean namePosition = tok.is("FROM") || tok.is("JOIN") || tok.is("INTO") || tok.is("UPDATE");
      if (namePosition && t.peek().identifier()) {
        boolean write = !tok.is("FROM") && !tok.is("JOIN") || t.tokens.get(Math.max(0, t.at - 2)).is("DELETE");
        out.append(t.sql, copied, t.peek().start());
        List<String> full = EmulatedCatalog.full(s, t.qualifiedName());
        databases.add(full.get(0));
        out.append(snowflake.shares.resolve(s, full, write));
        copied = t.tokens.get(t.at - 1).end();
      } else if (tok.is("PARSE_JSON") && t.peek().is("(")) {
        // VARIANT is text in the emulator: PARSE_JSON(x) passes x through.
        out.append(t.sql, copied, tok.start());
        copied = tok.end();
      } else if (tok.kind() == SqlTokens.Kind.WORD && tok.name().startsWith("CURRENT_") && t.accept("(", ")")) {
        String value = switch (tok.name()) {
          case "CURRENT_REGION" -> s.account().region;
          case "CURRENT_ACCOUNT" -> s.account().locator;
          case "CURRENT_ACCOUNT_NAME" -> s.account().name;
          case "CURRENT_ORGANIZATION_NAME" -> s.account().organization;
          case "CURRENT_ROLE" -> s.role();
          case "CURRENT_USER" -> s.user();
          case "CURRENT_WAREHOUSE" -> s.warehouse();
          default -> throw EmulatorFailure.syntax(tok.start(), "function " + tok.name() + " is not modelled");
        };
        out.append(t.sql, copied, tok.start()).append("'").append(value.replace("'", "''")).append("'");
        copied = t.tokens.get(t.at - 1).end();
      }
    }
    return out.append(t.sql.substring(copied).replaceAll(";\\s*$", "")).toString();
  }

}
