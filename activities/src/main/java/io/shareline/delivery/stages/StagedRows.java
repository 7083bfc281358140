package io.shareline.delivery.stages;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.shareline.common.Failures;
import io.shareline.connector.spec.DeliverySettings.CastPolicy;
import io.shareline.progress.Progress;
import io.shareline.schema.PublicField;
import io.shareline.schema.SourceType;
import io.shareline.source.CastMismatch;
import io.shareline.source.DirectRows;
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
 * Source rows as typed table rows, one at a time: public fields cast in column order (private ones are
 * never read), then the delivery columns. Counts per field the values that did not fit and became null;
 * a value that does not fit a strict field fails the run with {@link Failures#CAST_STRICT_VIOLATION}.
 *
 * <p>Rows are read off the JSON tokens, without a tree per row, and must come out as the tree reader's
 * would: a key given twice keeps its last value (earlier ones neither count nor fail), and a row fails
 * on its first strict field in column order, only once the whole line is known to be valid JSON.
 */
public final class StagedRows implements Iterator<Object[]> {

  /** A public field and the cast policy it is delivered under. */
  public record CastField(PublicField field, CastPolicy policy) {}

  /** The delivery column values every row of the run carries. */
  public record Stamp(String jobId, long runFinishedAtMicros, long deliveredAtMicros) {}

  private final RowStream rows;
  private final List<CastField> fields;
  private final Map<String, int[]> columnsOf = new HashMap<>();
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
  /** Per column: nulls counted by values that a later duplicate key replaced. */
  private final long[] replaced;
  private Object[] row;
  private Object[] next;
  /** Reads most lines straight off their bytes; null once it gave up on too many of a run's lines. */
  private DirectRows direct;
  private final boolean directAlways;
  private long handedOut;
  private long directTried;
  private long directDeclined;
  /** Whether the last row was read off the tokens: only then are {@link #seen} and {@link #mismatches} marked. */
  private boolean readTokens;
  private final RowStream.LineReader directReader = this::readDirect;
  private final RowStream.FieldReader fieldReader = this::readFields;

  public StagedRows(RowStream rows, List<CastField> fields, Stamp stamp) {
    this(rows, fields, stamp, Reading.DIRECT_FIRST);
  }

  /** How lines are read: tests compare the ways. */
  enum Reading {
    /** Every line off Jackson's tokens. */
    TOKENS,
    /** Straight off the bytes, a line declined off the tokens; once most lines were declined, all off the tokens. */
    DIRECT_FIRST,
    /** As {@link #DIRECT_FIRST}, but never giving the direct read up. */
    DIRECT_ALWAYS
  }

  StagedRows(RowStream rows, List<CastField> fields, Stamp stamp, Reading reading) {
    this.rows = rows;
    this.directAlways = reading == Reading.DIRECT_ALWAYS;
    this.fields = List.copyOf(fields);
    int n = fields.size();
    this.types = new SourceType[n];
    this.casters = new ValueCaster[n];
    for (int i = 0; i < n; i++) {
      types[i] = fields.get(i).field().type();
      casters[i] = new ValueCaster(fields.get(i).policy());
      // Interned as the parser interns field names: the lookup then matches on identity, not characters.
      columnsOf.merge(fields.get(i).field().sourceName().intern(), new int[] {i}, StagedRows::concat);
    }
    this.direct = reading != Reading.TOKENS ? new DirectRows(columnsOf, List.of(types)) : null;
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
      if (readTokens) {
        // Only a read off the tokens marks columns: a direct read leaves nothing to clear.
        Arrays.fill(seen, false);
        Arrays.fill(mismatches, null);
        readTokens = false;
      }
      if (rows.readNext(direct != null ? directReader : null, fieldReader)) {
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
    Progress.beat("rows read", ++handedOut, 8_192);
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

  /** Rows read straight off their bytes so far (tests check the direct read is really taken). */
  long rowsReadDirectly() {
    return directTried - directDeclined;
  }

  private boolean readDirect(byte[] bytes, int from, int to) {
    directTried++;
    if (direct.read(bytes, from, to, row)) {
      return true;
    }
    // A run whose lines are mostly of the kinds left to Jackson stops paying for two reads of them.
    if (++directDeclined >= 64 && directDeclined * 2 > directTried && !directAlways) {
      direct = null;
    }
    return false;
  }

  private void readFields(JsonParser parser) throws IOException {
    readTokens = true;
    startOver();
    for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
      int[] columns = columnsOf.get(parser.currentName());
      parser.nextToken();
      if (columns == null) {
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

  /** Undoes what an earlier read of this row did (the stream reads a row again after decoding it). */
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
    for (int i = 0; readTokens && i < mismatches.length; i++) {
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
