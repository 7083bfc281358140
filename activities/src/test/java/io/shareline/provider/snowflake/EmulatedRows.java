package io.shareline.provider.snowflake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A statement's answer inside the emulator: columns with their SQL API types, rows as text cells. */
record EmulatedRows(List<Column> columns, List<List<String>> rows) {
  record Column(String name, String type) {}

  /** The one-row {@code status} answer DDL statements get. */
  static EmulatedRows status(String message) {
    return new EmulatedRows(List.of(new Column("status", "text")), List.of(List.of(message)));
  }

  /** A SHOW-style answer: text columns named as Snowflake names them (lower case). */
  static Builder show(String... columns) {
    return new Builder(Arrays.stream(columns).map(c -> new Column(c, "text")).toList());
  }

  static final class Builder {
    private final List<Column> columns;
    private final List<List<String>> rows = new ArrayList<>();

    Builder(List<Column> columns) {
      this.columns = columns;
    }

    Builder row(Object... cells) {
      List<String> row = new ArrayList<>();
      for (Object c : cells) {
        row.add(c == null ? null : c.toString());
      }
      rows.add(row);
      return this;
    }

    EmulatedRows build() {
      return new EmulatedRows(columns, rows);
    }
  }
}
