package io.shareline.provider.snowflake;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A finished statement's answer: its handle, the columns of {@code resultSetMetaData.rowType} and every
 * row of every partition, cells as the JSON strings the API sends ({@code null} for SQL NULL).
 */
public record SnowflakeResult(String statementHandle, List<Column> columns, List<List<String>> rows) {
  public record Column(String name, String type) {}

  public SnowflakeResult {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /** The column's index by name, case-insensitively (SHOW output names are lower case). */
  public int column(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no column " + name + " in " + columns);
  }

  /** The cell of {@code row} in column {@code name}. */
  public String cell(List<String> row, String name) {
    return row.get(column(name));
  }

  /** The single number a {@code SELECT COUNT(*)}-like statement answers. */
  public Optional<Long> singleNumber() {
    if (rows.size() != 1 || rows.get(0).isEmpty() || rows.get(0).get(0) == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(rows.get(0).get(0).trim().toLowerCase(Locale.ROOT)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
