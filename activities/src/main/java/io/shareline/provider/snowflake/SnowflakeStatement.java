package io.shareline.provider.snowflake;

import java.util.ArrayList;
import java.util.List;

/**
 * One SQL statement with its positional bind variables ({@code ?}), each sent as the documented
 * {@code {"type": …, "value": …}} pair. Values (possibly customer data) travel only in the body: they are
 * never logged and are scrubbed from error messages.
 */
public record SnowflakeStatement(String sql, List<Binding> bindings) {
  /** A bind variable: a Snowflake binding type (TEXT, FIXED, REAL, BOOLEAN, DATE, TIMESTAMP_TZ…) and its text. */
  public record Binding(String type, String value) {}

  public SnowflakeStatement {
    bindings = List.copyOf(bindings);
  }

  public static SnowflakeStatement of(String sql) {
    return new SnowflakeStatement(sql, List.of());
  }

  public SnowflakeStatement bind(String type, Object value) {
    List<Binding> more = new ArrayList<>(bindings);
    more.add(new Binding(type, value == null ? null : value.toString()));
    return new SnowflakeStatement(sql, more);
  }

  public SnowflakeStatement text(String value) {
    return bind("TEXT", value);
  }

  public SnowflakeStatement number(long value) {
    return bind("FIXED", value);
  }

  @Override
  public String toString() {
    return "SnowflakeStatement[" + bindings.size() + " bindings]";
  }
}
