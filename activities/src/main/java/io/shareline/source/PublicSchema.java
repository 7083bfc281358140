package io.shareline.source;

import io.shareline.schema.FieldSpec;
import io.shareline.schema.PublicField;
import io.shareline.source.SourceException.Kind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What of a run's schema may be published: private fields dropped, the rest mapped to readable column
 * names ({@link ColumnNames}) that never collide (in field order, {@code _2}, {@code _3}…), plus three
 * delivery columns that cannot collide with them either. A field a workflow's earlier schema version
 * already published keeps the column recorded for it ({@link RecordedColumns}), whatever rule named it.
 * Deterministic: the same field list and record always give the same columns and fingerprint.
 */
public final class PublicSchema {

  static final String JOB_ID = "shareline_job_id";
  static final String RUN_FINISHED_AT = "shareline_run_finished_at";
  static final String DELIVERED_AT = "shareline_delivered_at";

  private final List<PublicField> fields;
  private final String fingerprint;
  private final String jobIdColumn;
  private final String runFinishedAtColumn;
  private final String deliveredAtColumn;

  private PublicSchema(List<PublicField> fields, String fingerprint, Set<String> taken) {
    this.fields = List.copyOf(fields);
    this.fingerprint = fingerprint;
    this.jobIdColumn = ColumnNames.unique(JOB_ID, taken);
    this.runFinishedAtColumn = ColumnNames.unique(RUN_FINISHED_AT, taken);
    this.deliveredAtColumn = ColumnNames.unique(DELIVERED_AT, taken);
  }

  /** A schema no earlier version of its workflow recorded columns for. */
  public static PublicSchema of(List<FieldSpec> schema) {
    return of(schema, RecordedColumns.NONE);
  }

  /** Throws {@link Kind#NO_PUBLIC_FIELDS} when every field is private. */
  public static PublicSchema of(List<FieldSpec> schema, RecordedColumns recorded) {
    List<FieldSpec> open = schema.stream().filter(f -> !f.isPrivate()).toList();
    if (open.isEmpty()) {
      throw SourceException.of(Kind.NO_PUBLIC_FIELDS, null, "every one of the " + schema.size() + " fields is private");
    }
    String fingerprint = fingerprintOf(open);
    Set<String> taken = new HashSet<>();
    String[] columns = new String[open.size()];
    List<PublicField> known = recorded.version(fingerprint).orElse(null);
    for (int i = 0; i < open.size(); i++) {
      String column = known != null ? known.get(i).columnName() : recorded.column(open.get(i).name()).orElse(null);
      if (column != null && taken.add(column.toLowerCase(Locale.ROOT))) {
        columns[i] = column;
      }
    }
    List<PublicField> fields = new ArrayList<>(open.size());
    for (int i = 0; i < open.size(); i++) {
      FieldSpec f = open.get(i);
      String column = columns[i] != null ? columns[i] : ColumnNames.unique(ColumnNames.readable(f.name()), taken);
      fields.add(new PublicField(f.name(), column, f.type(), f.nullable()));
    }
    return new PublicSchema(fields, fingerprint, taken);
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

  private static String fingerprintOf(List<FieldSpec> fields) {
    // Length-prefixed so no choice of names can make two different lists encode alike.
    StringBuilder s = new StringBuilder();
    for (FieldSpec f : fields) {
      s.append(f.name().length()).append(':').append(f.name())
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
