package io.shareline.delivery.stages;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import io.shareline.common.Failures;
import io.shareline.delivery.stages.StagedRows.CastField;
import io.shareline.delivery.stages.StagedRows.Stamp;
import io.shareline.schema.PublicField;
import io.shareline.schema.SourceType;
import io.shareline.source.CastMismatch;
import io.shareline.source.RowStream;
import io.shareline.source.ValueCaster;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Source rows cast into table rows off the JSON tokens, without a tree per row: public fields in column
 * order (private and unknown keys are skipped, never read), then the delivery columns. Rows come out as
 * the tree reader's would: a key given twice keeps its last value (earlier ones neither count nor fail),
 * and a row fails on its first strict field in column order, only once its line is known to be one JSON
 * object. Keys are matched by their bytes where the previous rows' key order puts them
 * ({@link JsonParser#nextFieldName(com.fasterxml.jackson.core.SerializableString)}), else looked up by the
 * name the parser canonicalized. One instance per run, read from one thread at a time.
 */
final class TypedRows implements Iterator<Object[]> {

  /** Keys remembered per run, with the key that followed each: rows with thousands of keys stay bounded. */
  private static final int MAX_KEYS = 1_024;
  private static final int[] NO_COLUMNS = new int[0];

  /** A key met in the run's rows: the columns it fills (none when private or not in the schema). */
  private static final class Key {
    final SerializedString name;
    final int[] columns;
    /** The key that followed this one in the last row that had it. */
    Key next;

    Key(String name, int[] columns) {
      this.name = new SerializedString(name);
      this.columns = columns;
    }
  }

  private final RowStream rows;
  private final List<CastField> fields;
  private final Map<String, int[]> columnsOf = new HashMap<>();
  private final Map<String, Key> keys = new HashMap<>();
  /** The first key of the last row. */
  private Key first;
  private final SourceType[] types;
  private final ValueCaster[] casters;
  private final Stamp stamp;
  /** The stamp's times, boxed once for every row. */
  private final Long runFinishedAt;
  private final Long deliveredAt;
  /** Per column, for the row being read: whether its key was seen, the nulls its value counted, its mismatch. */
  private final boolean[] seen;
  private final long[] counted;
  private final CastMismatch[] mismatches;
  /** Per column: nulls counted by values that a later duplicate key (or a second read of the row) replaced. */
  private final long[] replaced;
  private Object[] row;
  private Object[] next;
  private final RowStream.FieldReader fieldReader = this::readFields;

  TypedRows(RowStream rows, List<CastField> fields, Stamp stamp) {
    this.rows = rows;
    this.fields = List.copyOf(fields);
    int n = fields.size();
    this.types = new SourceType[n];
    this.casters = new ValueCaster[n];
    for (int i = 0; i < n; i++) {
      types[i] = fields.get(i).field().type();
      casters[i] = new ValueCaster(fields.get(i).policy());
      columnsOf.merge(fields.get(i).field().sourceName(), new int[] {i}, TypedRows::concat);
    }
    this.stamp = stamp;
    this.runFinishedAt = stamp.runFinishedAtMicros();
    this.deliveredAt = stamp.deliveredAtMicros();
    this.seen = new boolean[n];
    this.counted = new long[n];
    this.mismatches = new CastMismatch[n];
    this.replaced = new long[n];
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      row = new Object[fields.size() + 3];
      Arrays.fill(seen, false);
      Arrays.fill(mismatches, null);
      if (rows.readNext(fieldReader)) {
        next = finish(row);
      }
    }
    return next != null;
  }

  @Override
  public Object[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException(rows.file() + " has no more rows");
    }
    Object[] out = next;
    next = null;
    return out;
  }

  /** Values nulled by the lenient cast, per source field (fields with none are left out). */
  Map<String, Long> nulledByField() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < casters.length; i++) {
      long nulled = casters[i].rejected() - replaced[i];
      if (nulled > 0) {
        out.put(fields.get(i).field().sourceName(), nulled);
      }
    }
    return out;
  }

  private void readFields(JsonParser parser) throws IOException {
    startOver();
    Key previous = null;
    while (true) {
      Key expected = previous == null ? first : previous.next;
      Key key;
      if (expected != null && parser.nextFieldName(expected.name)) {
        key = expected;
      } else {
        JsonToken token = expected != null ? parser.currentToken() : parser.nextToken();
        if (token != JsonToken.FIELD_NAME) {
          return; // the row's END_OBJECT
        }
        key = key(parser.currentName());
        if (previous == null) {
          first = key;
        } else {
          previous.next = key;
        }
      }
      previous = key;
      parser.nextToken();
      int[] columns = key.columns;
      if (columns.length == 0) {
        parser.skipChildren(); // private or not in the schema: never read
      } else if (columns.length == 1) {
        castInto(columns[0], parser, null);
      } else {
        // Fields sharing a source name each cast the same value: read it once, as a tree.
        JsonNode value = ValueCaster.readValue(parser);
        for (int column : columns) {
          castInto(column, null, value);
        }
      }
    }
  }

  /** The key named {@code name}, remembered while there are not too many. */
  private Key key(String name) {
    Key key = keys.get(name);
    if (key == null) {
      key = new Key(name, columnsOf.getOrDefault(name, NO_COLUMNS));
      if (keys.size() < MAX_KEYS) {
        keys.put(name, key);
      }
    }
    return key;
  }

  /** Undoes what an earlier read of this row did (the stream reads a row again after decoding the file). */
  private void startOver() {
    for (int i = 0; i < seen.length; i++) {
      if (seen[i]) {
        replaced[i] += counted[i];
        seen[i] = false;
        mismatches[i] = null;
        row[i] = null;
      }
    }
  }

  /** Casts the value at {@code parser}, or {@code value} when given, into the row's column {@code i}. */
  private void castInto(int i, JsonParser parser, JsonNode value) throws IOException {
    if (seen[i]) {
      replaced[i] += counted[i];
    }
    seen[i] = true;
    mismatches[i] = null;
    long before = casters[i].rejected();
    try {
      row[i] = value != null ? casters[i].cast(value, types[i]) : casters[i].castCurrent(parser, types[i]);
    } catch (CastMismatch e) {
      row[i] = null;
      mismatches[i] = e;
    }
    counted[i] = casters[i].rejected() - before;
  }

  private Object[] finish(Object[] values) {
    for (int i = 0; i < mismatches.length; i++) {
      if (mismatches[i] != null) {
        throw violation(fields.get(i).field(), mismatches[i]);
      }
    }
    int n = fields.size();
    values[n] = stamp.jobId();
    values[n + 1] = runFinishedAt;
    values[n + 2] = deliveredAt;
    return values;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private RuntimeException violation(PublicField field, CastMismatch e) {
    String element = e.expected().equals(field.type()) ? "" : " element";
    return Failures.CAST_STRICT_VIOLATION.failure("strict field '" + field.sourceName() + "' (" + field.type()
        + ") in " + rows.file() + " line " + rows.lineNumber() + ": a JSON " + e.jsonKind() + element
        + " does not fit " + e.expected());
  }
}
