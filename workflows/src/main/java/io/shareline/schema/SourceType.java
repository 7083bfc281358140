package io.shareline.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/**
 * A field type of the source contract (README, "Source contract"): a scalar kind, {@code OBJECT}, or {@code ARRAY<T>}.
 * Serialised as its textual form ({@code "ARRAY<STRING>"}) so records stay readable in history.
 */
public final class SourceType {

  public enum Kind {
    STRING, NUMBER, INTEGER, BOOLEAN, DATE, DATETIME, MONEY, LINK, IMAGE, EMAIL, PHONE, ARRAY, OBJECT
  }

  private final Kind kind;
  private final SourceType element;

  private SourceType(Kind kind, SourceType element) {
    this.kind = kind;
    this.element = element;
  }

  public static SourceType of(Kind kind) {
    if (kind == Kind.ARRAY) {
      throw new IllegalArgumentException("ARRAY needs an element type");
    }
    return new SourceType(kind, null);
  }

  public static SourceType arrayOf(SourceType element) {
    return new SourceType(Kind.ARRAY, Objects.requireNonNull(element));
  }

  /** Parses {@code STRING}, {@code array<integer>}, {@code ARRAY<ARRAY<STRING>>}; throws on anything else. */
  @JsonCreator
  public static SourceType parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty field type");
    }
    String t = text.trim().toUpperCase(Locale.ROOT);
    if (t.startsWith("ARRAY")) {
      String rest = t.substring("ARRAY".length()).trim();
      if (!rest.startsWith("<") || !rest.endsWith(">")) {
        throw new IllegalArgumentException("unknown field type: " + text);
      }
      return arrayOf(parse(rest.substring(1, rest.length() - 1)));
    }
    try {
      Kind kind = Kind.valueOf(t);
      if (kind == Kind.ARRAY) {
        throw new IllegalArgumentException("ARRAY needs an element type: " + text);
      }
      return of(kind);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown field type: " + text);
    }
  }

  public Kind kind() {
    return kind;
  }

  /** The element type of an ARRAY, or null. */
  public SourceType element() {
    return element;
  }

  public boolean isArray() {
    return kind == Kind.ARRAY;
  }

  @JsonValue
  @Override
  public String toString() {
    return kind == Kind.ARRAY ? "ARRAY<" + element + ">" : kind.name();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourceType other && other.kind == kind && Objects.equals(other.element, element);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, element);
  }
}
