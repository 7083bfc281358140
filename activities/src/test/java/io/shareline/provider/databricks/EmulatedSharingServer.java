package io.shareline.provider.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.TableInfo;
import io.shareline.delta.WrittenFile;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The open sharing endpoint of the workspace ({@code /api/2.0/delta-sharing/metastores/<id>}): the Delta
 * Sharing protocol (list shares, schemas, tables, all-tables, version, metadata, query) for TOKEN
 * recipients, over the same shares and tables as the Unity Catalog endpoints. A recipient sees the shares
 * it holds SELECT on; a table whose object status is not ACTIVE, or that a test hid, is neither listed
 * nor readable. Query answers are NDJSON with one {@code file} line per live data file carrying its
 * {@code numRecords} statistic, read from the table's Delta log.
 */
final class EmulatedSharingServer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TABLE = Pattern.compile("/shares/([^/]+)/schemas/([^/]+)/tables/([^/]+)/(version|metadata|query)");

  /** What the server needs of the emulator's state. */
  interface Shares {
    /** Share names the recipient holds SELECT on. */
    List<String> sharesOf(String recipient);

    /** The share's readable objects: {@code shared_as} → storage location (s3a://). */
    Map<String, String> readableTables(String share);
  }

  /** An NDJSON or JSON answer with optional Delta-Table-Version. */
  record Reply(int status, String body, Long version) {}

  private final Shares shares;
  private final DeltaTables tables;

  EmulatedSharingServer(Shares shares, DeltaTables tables) {
    this.shares = shares;
    this.tables = tables;
  }

  Reply handle(String recipient, String method, String path, String body) throws Exception {
    List<String> visible = shares.sharesOf(recipient);
    if (method.equals("GET") && path.equals("/shares")) {
      ObjectNode out = JSON.createObjectNode();
      ArrayNode items = out.putArray("items");
      visible.forEach(s -> items.addObject().put("name", s).put("id", s));
      return json(out);
    }
    String[] parts = path.split("/");
    if (parts.length < 3 || !parts[1].equals("shares") || !visible.contains(parts[2])) {
      return error(404, "RESOURCE_DOES_NOT_EXIST", "share not found or not shared with this recipient");
    }
    String share = parts[2];
    Map<String, String> readable = shares.readableTables(share);
    if (method.equals("GET") && path.equals("/shares/" + share)) {
      ObjectNode out = JSON.createObjectNode();
      out.putObject("share").put("name", share).put("id", share);
      return json(out);
    }
    if (method.equals("GET") && path.equals("/shares/" + share + "/schemas")) {
      Set<String> schemas = new LinkedHashSet<>();
      readable.keySet().forEach(t -> schemas.add(t.substring(0, t.indexOf('.'))));
      ObjectNode out = JSON.createObjectNode();
      ArrayNode items = out.putArray("items");
      schemas.forEach(s -> items.addObject().put("name", s).put("share", share));
      return json(out);
    }
    if (method.equals("GET") && (path.equals("/shares/" + share + "/all-tables")
        || path.matches("/shares/" + Pattern.quote(share) + "/schemas/[^/]+/tables"))) {
      String onlySchema = path.endsWith("/all-tables") ? null : parts[4];
      ObjectNode out = JSON.createObjectNode();
      ArrayNode items = out.putArray("items");
      for (String t : readable.keySet()) {
        String schema = t.substring(0, t.indexOf('.'));
        if (onlySchema == null || onlySchema.equals(schema)) {
          items.addObject().put("name", t.substring(t.indexOf('.') + 1)).put("schema", schema).put("share", share);
        }
      }
      return json(out);
    }
    Matcher m = TABLE.matcher(path);
    if (!m.matches()) {
      return error(404, "ENDPOINT_NOT_FOUND", "no sharing endpoint " + method + " " + path);
    }
    String location = readable.get(m.group(2) + "." + m.group(3));
    if (location == null) {
      return error(404, "RESOURCE_DOES_NOT_EXIST", "table " + m.group(2) + "." + m.group(3) + " not found in share");
    }
    TableInfo info = tables.info(location);
    switch (m.group(4)) {
      case "version" -> {
        return method.equals("GET") ? new Reply(200, "", info.version()) : error(405, "METHOD_NOT_ALLOWED", method);
      }
      case "metadata" -> {
        return method.equals("GET") ? new Reply(200, head(info), info.version()) : error(405, "METHOD_NOT_ALLOWED", method);
      }
      default -> {
        if (!method.equals("POST")) {
          return error(405, "METHOD_NOT_ALLOWED", method);
        }
        JsonNode request = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
          String f = it.next();
          if (!Set.of("predicateHints", "jsonPredicateHints", "limitHint", "version", "timestamp").contains(f)) {
            return error(400, "INVALID_PARAMETER_VALUE", "unsupported query field " + f);
          }
        }
        StringBuilder out = new StringBuilder(head(info));
        for (WrittenFile f : tables.liveFiles(location)) {
          ObjectNode file = JSON.createObjectNode();
          ObjectNode inner = file.putObject("file").put("url", f.path()).put("id", Integer.toHexString(f.path().hashCode()))
              .put("size", f.size()).put("stats", f.statsJson() == null ? "{}" : f.statsJson());
          inner.putObject("partitionValues");
          out.append(file).append('\n');
        }
        return new Reply(200, out.toString(), info.version());
      }
    }
  }

  private static String head(TableInfo info) {
    ObjectNode protocol = JSON.createObjectNode();
    protocol.putObject("protocol").put("minReaderVersion", 1);
    ObjectNode metadata = JSON.createObjectNode();
    ObjectNode inner = metadata.putObject("metaData").put("id", Integer.toHexString(info.schema().hashCode()))
        .put("schemaString", info.schema().toJson());
    inner.putObject("format").put("provider", "parquet");
    inner.putArray("partitionColumns");
    return protocol + "\n" + metadata + "\n";
  }

  static Reply error(int status, String code, String message) {
    return new Reply(status, JSON.createObjectNode().put("errorCode", code).put("message", message).toString(), null);
  }

  private static Reply json(ObjectNode body) {
    return new Reply(200, body.toString(), null);
  }
}
