package io.shareline.provider.snowflake;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A staged file as COPY INTO reads it: a real Parquet file (parquet-hadoop's example reader) turned into rows
 * by column name, each value as its Parquet logical type says (strings, dates, UTC timestamps, decimals,
 * numbers, booleans; a list as JSON text, which is how the emulator keeps ARRAY columns).
 */
final class EmulatedParquet {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EmulatedParquet() {}

  /** The file's rows; empty when there is no such file. */
  static java.util.Optional<List<Map<String, Object>>> read(String location, Configuration conf) {
    Path path = new Path(location);
    try {
      if (!path.getFileSystem(conf).exists(path)) {
        return java.util.Optional.empty();
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path).withConf(conf).build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int f = 0; f < g.getType().getFieldCount(); f++) {
            row.put(g.getType().getFieldName(f), value(g, g.getType().getType(f), f, false));
          }
          rows.add(row);
        }
      }
      return java.util.Optional.of(rows);
    } catch (IOException e) {
      throw EmulatorFailure.statement("100038", "22000", "Remote file '" + location + "' could not be read: " + e);
    }
  }

  private static Object value(Group g, Type type, int field, boolean inList) throws IOException {
    if (g.getFieldRepetitionCount(field) == 0) {
      return null;
    }
    if (!type.isPrimitive()) {
      // the standard three-level list: <list> { repeated group list { element } }
      Group list = g.getGroup(field, 0);
      List<Object> items = new ArrayList<>();
      for (int i = 0; i < list.getFieldRepetitionCount(0); i++) {
        Group item = list.getGroup(0, i);
        items.add(value(item, item.getType().getType(0), 0, true));
      }
      return inList ? items : JSON.writeValueAsString(items);
    }
    PrimitiveType p = type.asPrimitiveType();
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    Object v = switch (p.getPrimitiveTypeName()) {
      case BINARY, FIXED_LEN_BYTE_ARRAY -> a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d
          ? new BigDecimal(new BigInteger(g.getBinary(field, 0).getBytes()), d.getScale()) : g.getString(field, 0);
      case INT32 -> a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
          ? LocalDate.ofEpochDay(g.getInteger(field, 0))
          : a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d
              ? BigDecimal.valueOf(g.getInteger(field, 0), d.getScale()) : (Object) g.getInteger(field, 0);
      case INT64 -> int64(g.getLong(field, 0), a);
      case DOUBLE -> g.getDouble(field, 0);
      case FLOAT -> g.getFloat(field, 0);
      case BOOLEAN -> g.getBoolean(field, 0);
      case INT96 -> throw new IOException("INT96 timestamps are not read by the emulator");
    };
    return inList && !(v instanceof Number || v instanceof Boolean) ? v.toString() : v;
  }

  private static Object int64(long v, LogicalTypeAnnotation a) {
    if (a instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t) {
      Instant at = switch (t.getUnit()) {
        case MILLIS -> Instant.ofEpochMilli(v);
        case MICROS -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1_000L);
        case NANOS -> Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
      };
      return at.atOffset(ZoneOffset.UTC);
    }
    if (a instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
      return BigDecimal.valueOf(v, d.getScale());
    }
    return v;
  }
}
