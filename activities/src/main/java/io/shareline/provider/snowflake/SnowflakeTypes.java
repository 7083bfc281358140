package io.shareline.provider.snowflake;

import io.shareline.schema.PublicField;
import io.shareline.schema.SourceType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a source contract type lands in Snowflake: the provider table's column type (what COPY loads the
 * run's Parquet into, matched by column name) and the secure view's expression over it (the cast policy).
 * Nested values arrive as Parquet lists (ARRAY) or as JSON text (OBJECT, as in the Delta tables), which the
 * view parses so customers query a semi-structured value.
 */
public final class SnowflakeTypes {
  /** One column of a provider table. */
  public record Column(String name, String type) {}

  private SnowflakeTypes() {}

  public static String tableType(SourceType type) {
    return switch (type.kind()) {
      case STRING, LINK, IMAGE, EMAIL, PHONE, OBJECT -> "VARCHAR";
      case NUMBER -> "FLOAT";
      case INTEGER -> "NUMBER(38,0)";
      case BOOLEAN -> "BOOLEAN";
      case DATE -> "DATE";
      case DATETIME -> "TIMESTAMP_TZ";
      case MONEY -> "NUMBER(38,6)";
      case ARRAY -> "ARRAY";
    };
  }

  /** The type customers see in the view (what WORKFLOW_SCHEMA_FIELDS records beside the Shareline type). */
  public static String viewType(SourceType type) {
    return type.kind() == SourceType.Kind.OBJECT ? "VARIANT" : tableType(type);
  }

  /** {@code as-is} or the function the view applies; recorded as the field's cast policy. */
  public static String castPolicy(SourceType type) {
    return type.kind() == SourceType.Kind.OBJECT ? "PARSE_JSON" : "as-is";
  }

  public static List<Column> columns(List<PublicField> fields) {
    return fields.stream().map(f -> new Column(f.columnName(), tableType(f.type()))).toList();
  }

  /** The view's SELECT over the provider table: every public column by its quoted name, cast where the policy says. */
  public static String select(List<PublicField> fields, String table) {
    return select(fields, List.of(), table);
  }

  /** As above, followed by further columns as they are (the delivery columns). */
  public static String select(List<PublicField> fields, List<String> more, String table) {
    java.util.stream.Stream<String> columns = fields.stream().map(f -> {
      String column = SnowflakeShares.q(f.columnName());
      return castPolicy(f.type()).equals("PARSE_JSON") ? "PARSE_JSON(" + column + ") AS " + column : column;
    });
    return "SELECT " + java.util.stream.Stream.concat(columns, more.stream().map(SnowflakeShares::q))
        .collect(Collectors.joining(", ")) + " FROM " + table;
  }
}
