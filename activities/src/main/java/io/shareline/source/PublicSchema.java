package io.shareline.source;

import io.shareline.schema.FieldSpec;
import io.shareline.schema.PublicField;
import io.shareline.source.SourceException.Kind;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What of a run's schema may be published: private fields dropped, the rest mapped to column names
 * that are valid, lower-case ASCII, never start with {@code _}, are no SQL reserved word and never
 * collide (in field order, {@code _2}, {@code _3}…), plus three delivery columns that cannot collide
 * with them either. Deterministic: the same field list always gives the same
 * columns and fingerprint.
 */
public final class PublicSchema {

  static final String JOB_ID = "shareline_job_id";
  static final String RUN_FINISHED_AT = "shareline_run_finished_at";
  static final String DELIVERED_AT = "shareline_delivered_at";

  /** Longest column name: Unity Catalog and most recipients' catalogs stop at 255. */
  static final int MAX_COLUMN_NAME = 255;

  /**
   * Words a recipient could not use unquoted: Spark/Databricks' ANSI-mode reserved keywords plus the
   * SQL:2016 reserved words most engines share. A column equal to one gets a trailing {@code _}.
   */
  static final Set<String> RESERVED = Set.of(
      "all", "alter", "and", "any", "array", "as", "asc", "authorization", "between", "both", "by", "case", "cast",
      "check", "collate", "column", "constraint", "create", "cross", "current", "current_date", "current_time",
      "current_timestamp", "current_user", "default", "delete", "desc", "distinct", "drop", "else", "end",
      "escape", "except", "exists", "false", "fetch", "filter", "for", "foreign", "from", "full", "grant",
      "group", "having", "in", "inner", "insert", "intersect", "interval", "into", "is", "join", "lateral",
      "leading", "left", "like", "limit", "natural", "not", "null", "of", "offset", "on", "only", "or", "order",
      "outer", "overlaps", "primary", "references", "right", "select", "session_user", "some", "table", "then",
      "time", "to", "trailing", "true", "union", "unique", "unknown", "update", "user", "using", "values",
      "when", "where", "window", "with");

  private final List<PublicField> fields;
  private final String fingerprint;
  private final String jobIdColumn;
  private final String runFinishedAtColumn;
  private final String deliveredAtColumn;

  private PublicSchema(List<PublicField> fields, Set<String> taken) {
    this.fields = List.copyOf(fields);
    this.fingerprint = fingerprintOf(fields);
    this.jobIdColumn = unique(JOB_ID, taken);
    this.runFinishedAtColumn = unique(RUN_FINISHED_AT, taken);
    this.deliveredAtColumn = unique(DELIVERED_AT, taken);
  }

  /** Throws {@link Kind#NO_PUBLIC_FIELDS} when every field is private. */
  public static PublicSchema of(List<FieldSpec> schema) {
    List<PublicField> fields = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (FieldSpec f : schema) {
      if (!f.isPrivate()) {
        fields.add(new PublicField(f.name(), unique(normalise(f.name()), taken), f.type(), f.nullable()));
      }
    }
    if (fields.isEmpty()) {
      throw SourceException.of(Kind.NO_PUBLIC_FIELDS, null, "every one of the " + schema.size() + " fields is private");
    }
    return new PublicSchema(fields, taken);
  }

  /**
   * Lower-case ASCII {@code [a-z0-9_]}: accents dropped (NFD, marks stripped), anything else {@code _};
   * no leading {@code _}; {@code c_} before a leading digit or an empty result; {@code _} after a SQL
   * reserved word; at most {@value #MAX_COLUMN_NAME} characters.
   */
  static String normalise(String name) {
    String s = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_").replaceFirst("^_+", "");
    if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
      s = "c_" + s;
    }
    if (RESERVED.contains(s)) {
      s = s + "_";
    }
    return truncate(s, MAX_COLUMN_NAME);
  }

  public List<PublicField> fields() {
    return fields;
  }

  /** SHA-256 (hex) of the ordered public (source name, type, nullable) list: a new value is a new schema version. */
  public String fingerprint() {
    return fingerprint;
  }

  public String jobIdColumn() {
    return jobIdColumn;
  }

  public String runFinishedAtColumn() {
    return runFinishedAtColumn;
  }

  public String deliveredAtColumn() {
    return deliveredAtColumn;
  }

  /** Every column in table order: the public fields, then job id, run finished at, delivered at. */
  public List<String> columnNames() {
    List<String> names = new ArrayList<>(fields.size() + 3);
    fields.forEach(f -> names.add(f.columnName()));
    names.addAll(List.of(jobIdColumn, runFinishedAtColumn, deliveredAtColumn));
    return names;
  }

  /** {@code base}, or the first free {@code base_2}, {@code base_3}…, shortening base so the suffix fits. */
  private static String unique(String base, Set<String> taken) {
    String name = base;
    for (int n = 2; !taken.add(name); n++) {
      String suffix = "_" + n;
      name = truncate(base, MAX_COLUMN_NAME - suffix.length()) + suffix;
    }
    return name;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static String fingerprintOf(List<PublicField> fields) {
    // Length-prefixed so no choice of names can make two different lists encode alike.
    StringBuilder s = new StringBuilder();
    for (PublicField f : fields) {
      s.append(f.sourceName().length()).append(':').append(f.sourceName())
          .append('|').append(f.type()).append('|').append(f.nullable()).append('\n');
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "PublicSchema" + columnNames() + "@" + fingerprint.substring(0, 12);
  }
}
