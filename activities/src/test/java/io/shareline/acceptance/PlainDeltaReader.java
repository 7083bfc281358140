package io.shareline.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A deliberately independent Delta reader for tests: no Delta Kernel class. It replays the JSON commits
 * of {@code _delta_log} with Jackson (checking any checkpoint Parquet against that replay), enforces the
 * "plain Delta" contract Shareline promises (reader version 1, no reader features, no partitions, no
 * column mapping, no deletion vectors, Snappy or Zstd Parquet), and reads live files with parquet-hadoop's
 * example {@link Group} API. Values come back as: string → String, long → Long, integer → Integer,
 * double → Double, boolean → Boolean, date → Integer (epoch days), timestamp → Long (epoch micros),
 * decimal → BigDecimal, array → List.
 */
public final class PlainDeltaReader {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");
  private static final Pattern CHECKPOINT = Pattern.compile("(\\d{20})\\.checkpoint\\.parquet");
  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");
  static final Set<CompressionCodecName> CODECS = EnumSet.of(CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD);

  /** One live data file as its {@code add} action describes it. */
  record LiveFile(String path, Path file, long size, Long statsNumRecords) {}

  /** A table as this reader understands it. */
  record Table(Path root, long version, JsonNode protocol, JsonNode metaData, List<Field> schema, List<LiveFile> files) {
    List<String> columnNames() {
      return schema.stream().map(Field::name).toList();
    }
  }

  /** A top-level schema field: name and Delta type (a string such as "long", or an object for arrays). */
  record Field(String name, JsonNode type, boolean nullable) {}

  private final Configuration conf = new Configuration();

  /** Replays the log; throws {@link AssertionError} when the table breaks the plain-Delta contract. */
  Table open(Path root) {
    Path log = root.resolve("_delta_log");
    check(Files.isDirectory(log), root + " has no _delta_log");
    TreeMap<Long, Path> commits = new TreeMap<>();
    TreeMap<Long, Path> checkpoints = new TreeMap<>();
    try (Stream<Path> files = Files.list(log)) {
      files.forEach(f -> {
        Matcher c = COMMIT.matcher(f.getFileName().toString());
        Matcher k = CHECKPOINT.matcher(f.getFileName().toString());
        if (c.matches()) {
          commits.put(Long.parseLong(c.group(1)), f);
        } else if (k.matches()) {
          checkpoints.put(Long.parseLong(k.group(1)), f);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    check(!commits.isEmpty(), root + ": no JSON commit");
    check(commits.firstKey() == 0 && commits.lastKey() == commits.size() - 1,
        root + ": JSON commits are not contiguous from 0: " + commits.keySet());
    if (Files.exists(log.resolve("_last_checkpoint"))) {
      JsonNode last = readJson(log.resolve("_last_checkpoint"));
      check(checkpoints.containsKey(last.path("version").asLong(-1)),
          root + ": _last_checkpoint names a missing checkpoint " + last);
      check(!last.has("parts") || last.path("parts").asInt() <= 1, root + ": multi-part checkpoint " + last);
    }

    JsonNode protocol = null;
    JsonNode metaData = null;
    Map<String, JsonNode> live = new LinkedHashMap<>();
    for (Map.Entry<Long, Path> commit : commits.entrySet()) {
      for (JsonNode action : readLines(commit.getValue())) {
        check(action.size() == 1, commit.getValue() + ": an action line holds one action: " + action);
        if (action.has("protocol")) {
          protocol = action.get("protocol");
          checkProtocol(root, protocol);
        } else if (action.has("metaData")) {
          metaData = action.get("metaData");
        } else if (action.has("add")) {
          JsonNode add = action.get("add");
          check(!add.hasNonNull("deletionVector"), root + ": deletion vector on " + add);
          check(add.path("partitionValues").isEmpty(), root + ": partition values on " + add);
          live.put(add.get("path").asText(), add);
        } else if (action.has("remove")) {
          JsonNode remove = action.get("remove");
          check(!remove.hasNonNull("deletionVector"), root + ": deletion vector on " + remove);
          live.remove(remove.get("path").asText());
        } else {
          String kind = action.fieldNames().next();
          check(Set.of("txn", "commitInfo", "cdc", "domainMetadata").contains(kind),
              root + ": action a plain reader does not know: " + kind);
          check(!kind.equals("cdc"), root + ": change data files");
        }
      }
      Path checkpoint = checkpoints.get(commit.getKey());
      if (checkpoint != null) {
        checkCheckpoint(root, checkpoint, live.keySet());
      }
    }
    check(protocol != null, root + ": no protocol action");
    check(metaData != null, root + ": no metaData action");
    check("parquet".equals(metaData.path("format").path("provider").asText()), root + ": not Parquet: " + metaData);
    check(metaData.path("partitionColumns").isEmpty(), root + ": partitioned by " + metaData.path("partitionColumns"));
    String mapping = metaData.path("configuration").path("delta.columnMapping.mode").asText("none");
    check(mapping.equals("none"), root + ": column mapping " + mapping);

    JsonNode schemaJson = parse(metaData.get("schemaString").asText());
    check("struct".equals(schemaJson.path("type").asText()), root + ": schema is not a struct");
    List<Field> schema = new ArrayList<>();
    for (JsonNode f : schemaJson.get("fields")) {
      schema.add(new Field(f.get("name").asText(), f.get("type"), f.path("nullable").asBoolean(true)));
    }

    List<LiveFile> files = new ArrayList<>();
    for (JsonNode add : live.values()) {
      Path file = resolve(root, add.get("path").asText());
      check(Files.isRegularFile(file), root + ": live file missing: " + add.get("path"));
      long size = add.get("size").asLong();
      try {
        check(Files.size(file) == size, root + ": size of " + file + " is not " + size);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Long numRecords = null;
      if (add.hasNonNull("stats")) {
        JsonNode stats = parse(add.get("stats").asText());
        numRecords = stats.has("numRecords") ? stats.get("numRecords").asLong() : null;
      }
      files.add(new LiveFile(add.get("path").asText(), file, size, numRecords));
    }
    return new Table(root, commits.lastKey(), protocol, metaData, schema, files);
  }

  /** Every live row, in log order of the files; checks each file's codec and row count on the way. */
  List<Map<String, Object>> readAll(Table table) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (LiveFile file : table.files()) {
      List<Map<String, Object>> fileRows = readFile(table, file.file());
      if (file.statsNumRecords() != null) {
        check(file.statsNumRecords() == fileRows.size(),
            file.file() + ": stats say " + file.statsNumRecords() + " rows, the file holds " + fileRows.size());
      }
      rows.addAll(fileRows);
    }
    return rows;
  }

  public List<Map<String, Object>> readAll(Path root) {
    return readAll(open(root));
  }

  /** The compression codecs of every column chunk of a Parquet file, from its footer. */
  Set<CompressionCodecName> codecs(Path file) {
    Set<CompressionCodecName> codecs = EnumSet.noneOf(CompressionCodecName.class);
    for (BlockMetaData block : footer(file).getBlocks()) {
      for (ColumnChunkMetaData column : block.getColumns()) {
        codecs.add(column.getCodec());
      }
    }
    return codecs;
  }

  private List<Map<String, Object>> readFile(Table table, Path file) {
    ParquetMetadata footer = footer(file);
    Set<CompressionCodecName> codecs = codecs(file);
    check(!codecs.isEmpty() || footer.getBlocks().isEmpty(), file + ": no column chunk");
    check(CODECS.containsAll(codecs), file + ": codecs " + codecs + ", want SNAPPY or ZSTD");
    GroupType fileSchema = footer.getFileMetaData().getSchema();
    for (Field f : table.schema()) {
      check(fileSchema.containsField(f.name()), file + ": no column " + f.name() + " in " + fileSchema);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path).withConf(conf).build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Field f : table.schema()) {
          int index = g.getType().getFieldIndex(f.name());
          row.put(f.name(), g.getFieldRepetitionCount(index) == 0 ? null : value(g, index, 0, f.type()));
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static Object value(Group g, int index, int repetition, JsonNode deltaType) {
    Type parquetType = g.getType().getType(index);
    if (deltaType.isObject()) {
      check("array".equals(deltaType.path("type").asText()), "unsupported Delta type " + deltaType);
      // Standard 3-level list: <list> (LIST) { repeated group list { optional element } }, or the legacy 2-level form.
      Group list = g.getGroup(index, repetition);
      List<Object> out = new ArrayList<>();
      int n = list.getFieldRepetitionCount(0);
      for (int i = 0; i < n; i++) {
        Type repeated = list.getType().getType(0);
        if (repeated.isPrimitive()) {
          out.add(value(list, 0, i, deltaType.get("elementType")));
        } else {
          Group element = list.getGroup(0, i);
          out.add(element.getFieldRepetitionCount(0) == 0 ? null : value(element, 0, 0, deltaType.get("elementType")));
        }
      }
      return out;
    }
    check(parquetType.isPrimitive(), "a " + deltaType + " column stored as a group: " + parquetType);
    PrimitiveType p = parquetType.asPrimitiveType();
    LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
    String type = deltaType.asText();
    Matcher decimal = DECIMAL.matcher(type);
    if (decimal.matches()) {
      int scale = Integer.parseInt(decimal.group(2));
      check(logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d && d.getScale() == scale,
          "decimal column without a matching DECIMAL annotation: " + p);
      return switch (p.getPrimitiveTypeName()) {
        case INT32 -> BigDecimal.valueOf(g.getInteger(index, repetition), scale);
        case INT64 -> BigDecimal.valueOf(g.getLong(index, repetition), scale);
        case BINARY, FIXED_LEN_BYTE_ARRAY -> new BigDecimal(new BigInteger(g.getBinary(index, repetition).getBytes()), scale);
        default -> throw new AssertionError("decimal stored as " + p);
      };
    }
    return switch (type) {
      case "string" -> {
        check(logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation, "string without STRING annotation: " + p);
        yield g.getString(index, repetition);
      }
      case "long" -> g.getLong(index, repetition);
      case "integer" -> g.getInteger(index, repetition);
      case "short", "byte" -> g.getInteger(index, repetition);
      case "double" -> g.getDouble(index, repetition);
      case "float" -> g.getFloat(index, repetition);
      case "boolean" -> g.getBoolean(index, repetition);
      case "date" -> {
        check(logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation, "date without DATE annotation: " + p);
        yield g.getInteger(index, repetition);
      }
      case "timestamp" -> {
        check(p.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64
                && logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t
                && t.isAdjustedToUTC(),
            "timestamp not stored as INT64 TIMESTAMP(UTC): " + p);
        long v = g.getLong(index, repetition);
        var unit = ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) logical).getUnit();
        yield switch (unit) {
          case MILLIS -> v * 1000L;
          case MICROS -> v;
          case NANOS -> v / 1000L;
        };
      }
      default -> throw new AssertionError("Delta type this reader does not know: " + type);
    };
  }

  /** A checkpoint must list exactly the files the JSON replay holds live at its version. */
  private void checkCheckpoint(Path root, Path checkpoint, Set<String> liveByJson) {
    check(CODECS.containsAll(codecs(checkpoint)), checkpoint + ": codecs " + codecs(checkpoint));
    Set<String> adds = new java.util.HashSet<>();
    boolean protocol = false;
    boolean metaData = false;
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(checkpoint.toUri());
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), path).withConf(conf).build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        GroupType t = g.getType();
        if (t.containsField("add") && g.getFieldRepetitionCount("add") > 0) {
          adds.add(g.getGroup("add", 0).getString("path", 0));
        }
        protocol |= t.containsField("protocol") && g.getFieldRepetitionCount("protocol") > 0;
        metaData |= t.containsField("metaData") && g.getFieldRepetitionCount("metaData") > 0;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    check(protocol && metaData, checkpoint + ": no protocol or metaData");
    check(adds.equals(liveByJson), root + ": checkpoint " + checkpoint.getFileName() + " lists " + adds
        + " but the JSON commits leave " + liveByJson);
  }

  private static void checkProtocol(Path root, JsonNode protocol) {
    int reader = protocol.path("minReaderVersion").asInt(-1);
    int writer = protocol.path("minWriterVersion").asInt(-1);
    check(reader == 1, root + ": minReaderVersion " + reader + " (plain readers need 1): " + protocol);
    check(!protocol.has("readerFeatures") || protocol.get("readerFeatures").isEmpty(), root + ": reader features " + protocol);
    check(writer >= 1 && writer <= 7, root + ": minWriterVersion " + writer);
  }

  private ParquetMetadata footer(Path file) {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))) {
      return r.getFooter();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A log path is a URI: relative (percent-encoded, under the table) or absolute. */
  private static Path resolve(Path root, String logPath) {
    URI uri = URI.create(logPath);
    if (uri.isAbsolute()) {
      check("file".equals(uri.getScheme()), "non-local absolute path " + logPath);
      return Path.of(uri);
    }
    return root.resolve(uri.getPath());
  }

  private static List<JsonNode> readLines(Path file) {
    try {
      List<JsonNode> out = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(parse(line));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }
}
