package io.shareline.provider.snowflake;

/**
 * The statement context the SQL API takes in the request body ({@code warehouse}, {@code role},
 * {@code database}, {@code schema}); the SQL API refuses {@code USE}, so context never travels as SQL.
 * A null field is left out of the body and Snowflake falls back to the user's default.
 */
public record SnowflakeContext(String warehouse, String role, String database, String schema) {
  public SnowflakeContext in(String database, String schema) {
    return new SnowflakeContext(warehouse, role, database, schema);
  }
}
