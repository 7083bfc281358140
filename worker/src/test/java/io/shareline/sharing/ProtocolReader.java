package io.shareline.sharing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A recipient's reader written for the tests alone (no Shareline class): the protocol over the JDK's HTTP
 * client and Jackson, files downloaded from their URLs and read with parquet-hadoop's example Group API.
 */
final class ProtocolReader {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String endpoint;
  private final String token;
  private final Path downloads;
  private int downloaded;

  /** An answer's status, headers' table version and body. */
  record Answer(int status, long version, String body) {
    List<JsonNode> lines() {
      List<JsonNode> out = new ArrayList<>();
      for (String line : body.split("\n")) {
        if (!line.isBlank()) {
          try {
            out.add(JSON.readTree(line));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
      return out;
    }
  }

  ProtocolReader(JsonNode profile, Path downloads) {
    this.endpoint = profile.path("endpoint").asText();
    this.token = profile.path("bearerToken").asText();
    this.downloads = downloads;
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(URI.create(endpoint + path)).header("Authorization", "Bearer " + token).GET());
  }

  Answer query(String share, String schema, String table) {
    return send(HttpRequest.newBuilder(URI.create(endpoint + "/shares/" + enc(share) + "/schemas/" + enc(schema)
        + "/tables/" + enc(table) + "/query")).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
  }

  /** Every table of every share, as (share, schema, name) from {@code all-tables}. */
  List<JsonNode> allTables() throws IOException {
    List<JsonNode> tables = new ArrayList<>();
    for (JsonNode share : JSON.readTree(get("/shares").body()).path("items")) {
      JSON.readTree(get("/shares/" + enc(share.path("name").asText()) + "/all-tables").body()).path("items")
          .forEach(tables::add);
    }
    return tables;
  }

  /** Every row of a table as the query lists its files: column name to plain Java value. */
  List<Map<String, Object>> rows(JsonNode table) throws IOException {
    Answer answer = query(table.path("share").asText(), table.path("schema").asText(), table.path("name").asText());
    if (answer.status() != 200) {
      throw new IllegalStateException("query of " + table + " answered " + answer.status() + ": " + answer.body());
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode line : answer.lines()) {
      if (line.has("file")) {
        rows.addAll(readParquet(download(line.path("file").path("url").asText())));
      }
    }
    return rows;
  }

  HttpResponse<byte[]> fetch(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path download(String url) throws IOException {
    HttpResponse<byte[]> file = fetch(url);
    if (file.statusCode() != 200) {
      throw new IllegalStateException("download answered " + file.statusCode());
    }
    Path target = downloads.resolve("file-" + (++downloaded) + ".parquet");
    Files.createDirectories(downloads);
    Files.write(target, file.body());
    return target;
  }

  private static List<Map<String, Object>> readParquet(Path file) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
        new org.apache.hadoop.fs.Path(file.toUri())).withConf(new Configuration()).build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        Map<String, Object> row = new LinkedHashMap<>();
        GroupType schema = g.getType();
        for (int i = 0; i < schema.getFieldCount(); i++) {
          row.put(schema.getFieldName(i), g.getFieldRepetitionCount(i) == 0 ? null : value(g, i, 0, schema.getType(i)));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static Object value(Group g, int field, int index, Type type) {
    if (!type.isPrimitive()) {
      Group list = g.getGroup(field, index);
      List<Object> values = new ArrayList<>();
      for (int j = 0; j < list.getFieldRepetitionCount(0); j++) {
        Group element = list.getGroup(0, j);
        Type elementType = element.getType().getType(0);
        values.add(element.getFieldRepetitionCount(0) == 0 ? null : value(element, 0, 0, elementType));
      }
      return values;
    }
    PrimitiveType p = type.asPrimitiveType();
    LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
      BigInteger unscaled = switch (p.getPrimitiveTypeName()) {
        case INT32 -> BigInteger.valueOf(g.getInteger(field, index));
        case INT64 -> BigInteger.valueOf(g.getLong(field, index));
        default -> new BigInteger(g.getBinary(field, index).getBytes());
      };
      return new BigDecimal(unscaled, decimal.getScale());
    }
    return switch (p.getPrimitiveTypeName()) {
      case BINARY -> g.getString(field, index);
      case INT64 -> g.getLong(field, index);
      case INT32 -> g.getInteger(field, index);
      case DOUBLE -> g.getDouble(field, index);
      case FLOAT -> g.getFloat(field, index);
      case BOOLEAN -> g.getBoolean(field, index);
      default -> g.getValueToString(field, index);
    };
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      long version = response.headers().firstValue("Delta-Table-Version").map(Long::parseLong).orElse(-1L);
      return new Answer(response.statusCode(), version, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
