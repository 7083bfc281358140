package io.shareline.schema;

/** A public field as published: the source name, the column it lands in, and its source type. */
public record PublicField(String sourceName, String columnName, SourceType type, boolean nullable) {}
