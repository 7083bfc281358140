package io.shareline.sharing.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.delta.SnapshotReader;
import io.shareline.delta.SnapshotReader.DataFile;
import io.shareline.delta.SnapshotReader.FileChange;
import io.shareline.delta.SnapshotReader.TableState;
import io.shareline.sharing.server.ShareDirectory.SharedTable;
import io.shareline.sharing.server.TableLines.Format;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Version, metadata, query and changes of one shared table. Every table of a local share is shared with
 * its history: its tables only ever grow by appends, and a version table's past is the recipient's data.
 */
final class TableEndpoints {
  static final String TABLE_VERSION = "Delta-Table-Version";
  static final String CAPABILITIES = "delta-sharing-capabilities";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final SnapshotReader reader;
  private final TableStates states;
  private final SignedUrls urls;

  TableEndpoints(SnapshotReader reader, TableStates states, SignedUrls urls) {
    this.reader = reader;
    this.states = states;
    this.urls = urls;
  }

  /** {@code GET …/version} ({@code startingTimestamp} optional) and the older {@code HEAD …/{table}}. */
  void version(Exchange ex, SharedTable table, AccessLog.Entry log) {
    String starting = ex.param("startingTimestamp");
    long version = starting == null ? reader.latestVersion(table.location())
        : reader.versionAtOrAfter(table.location(), timestamp("startingTimestamp", starting));
    log.version = version;
    ex.setHeader(TABLE_VERSION, Long.toString(version));
    ex.empty(200);
  }

  void metadata(Exchange ex, SharedTable table, AccessLog.Entry log) throws IOException {
    Format format = format(ex);
    Long version = ex.longParam("version");
    TableState state = states.state(table.location(), Optional.ofNullable(version));
    log.version = state.version();
    ex.setHeader(TABLE_VERSION, Long.toString(state.version()));
    ex.setHeader(CAPABILITIES, format.header());
    ex.ndjson(List.of(TableLines.protocol(state, format), TableLines.metadata(state, format, version != null)));
  }

  void query(Exchange ex, SharedTable table, AccessLog.Entry log) throws IOException {
    Format format = format(ex);
    JsonNode body = body(ex);
    Long version = optionalLong(body, "version");
    Long startingVersion = optionalLong(body, "startingVersion");
    String timestampText = body.hasNonNull("timestamp") ? body.get("timestamp").asText() : null;
    if ((version != null ? 1 : 0) + (timestampText != null ? 1 : 0) + (startingVersion != null ? 1 : 0) > 1) {
      throw ProtocolError.badParameter("give at most one of version, timestamp and startingVersion");
    }
    if (startingVersion != null) {
      changes(ex, table, startingVersion, optionalLong(body, "endingVersion"), format, log);
      return;
    }
    Optional<Long> at = timestampText == null ? Optional.empty() : Optional.of(timestamp("timestamp", timestampText));
    TableState state = at.isPresent() ? reader.state(table.location(), Optional.empty(), at)
        : states.state(table.location(), Optional.ofNullable(version));
    boolean timeTravel = version != null || at.isPresent();
    List<DataFile> files = limited(state.files(), optionalLong(body, "limitHint"));
    List<Exchange.JsonWriter> lines = new ArrayList<>(files.size() + 2);
    lines.add(TableLines.protocol(state, format));
    lines.add(TableLines.metadata(state, format, timeTravel));
    long expiresAt = urls.expiry();
    for (DataFile file : files) {
      TableLines.SignedFile signed = urls.sign(table, state.version(), file, expiresAt);
      lines.add(TableLines.file(signed, format, state, timeTravel));
    }
    log.version = state.version();
    log.files = files.size();
    ex.setHeader(TABLE_VERSION, Long.toString(state.version()));
    ex.setHeader(CAPABILITIES, format.header());
    ex.ndjson(lines);
  }

  /** {@code GET …/changes}: the files every commit from the start to the end version added or removed. */
  void changes(Exchange ex, SharedTable table, AccessLog.Entry log) throws IOException {
    Long starting = ex.longParam("startingVersion");
    String startingTimestamp = ex.param("startingTimestamp");
    if ((starting == null) == (startingTimestamp == null)) {
      throw ProtocolError.badParameter("give exactly one of startingVersion and startingTimestamp");
    }
    long from = starting != null ? starting
        : reader.versionAtOrAfter(table.location(), timestamp("startingTimestamp", startingTimestamp));
    Long ending = ex.longParam("endingVersion");
    String endingTimestamp = ex.param("endingTimestamp");
    if (ending == null && endingTimestamp != null) {
      ending = reader.state(table.location(), Optional.empty(),
          Optional.of(timestamp("endingTimestamp", endingTimestamp))).version();
    }
    changes(ex, table, from, ending, format(ex), log);
  }

  private void changes(Exchange ex, SharedTable table, long from, Long ending, Format format, AccessLog.Entry log)
      throws IOException {
    TableState latest = states.state(table.location(), Optional.empty());
    long to = ending == null ? latest.version() : Math.min(ending, latest.version());
    if (from < 0 || from > latest.version() || to < from) {
      throw ProtocolError.badParameter("versions " + from + " to " + (ending == null ? "latest" : ending)
          + " are not a range of this table (versions 0 to " + latest.version() + ")");
    }
    List<FileChange> changes = reader.changes(table.location(), from, to);
    List<Exchange.JsonWriter> lines = new ArrayList<>(changes.size() + 2);
    lines.add(TableLines.protocol(latest, format));
    lines.add(TableLines.metadata(latest, format, false));
    long expiresAt = urls.expiry();
    for (FileChange change : changes) {
      // A removed file was last live just before the commit that removed it.
      long liveAt = change.added() ? change.version() : change.version() - 1;
      lines.add(TableLines.change(change, urls.sign(table, liveAt, change.file(), expiresAt), format));
    }
    log.version = from;
    log.files = changes.size();
    ex.setHeader(TABLE_VERSION, Long.toString(from));
    ex.setHeader(CAPABILITIES, format.header());
    ex.ndjson(lines);
  }

  /** Best effort, as the protocol allows: files in log order until their counted rows reach the hint. */
  private static List<DataFile> limited(List<DataFile> files, Long limitHint) {
    if (limitHint == null || limitHint < 0) {
      return files;
    }
    List<DataFile> kept = new ArrayList<>();
    long rows = 0;
    for (DataFile file : files) {
      if (rows >= limitHint) {
        break;
      }
      Long counted = numRecords(file.stats());
      if (counted == null) {
        return files;
      }
      kept.add(file);
      rows += counted;
    }
    return kept;
  }

  static Long numRecords(String stats) {
    if (stats == null) {
      return null;
    }
    try {
      JsonNode n = MAPPER.readTree(stats).get("numRecords");
      return n == null || !n.canConvertToLong() ? null : n.asLong();
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code delta} only when the client asks for it alone; the tables need nothing the parquet format lacks. */
  static Format format(Exchange ex) {
    String header = ex.header(CAPABILITIES);
    if (header == null) {
      return Format.PARQUET;
    }
    for (String capability : header.toLowerCase(Locale.ROOT).split(";")) {
      String[] kv = capability.trim().split("=", 2);
      if (kv.length == 2 && kv[0].trim().equals("responseformat")) {
        List<String> formats = List.of(kv[1].replace(" ", "").split(","));
        return formats.contains("delta") && !formats.contains("parquet") ? Format.DELTA : Format.PARQUET;
      }
    }
    return Format.PARQUET;
  }

  private static JsonNode body(Exchange ex) throws IOException {
    byte[] bytes = ex.body(MAX_BODY_BYTES);
    if (bytes.length == 0) {
      return MAPPER.createObjectNode();
    }
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new ProtocolError(400, ProtocolError.MALFORMED_REQUEST, "the request body must be a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ProtocolError(400, ProtocolError.MALFORMED_REQUEST, "the request body is not valid JSON");
    }
  }

  private static Long optionalLong(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.canConvertToLong() || !n.isIntegralNumber()) {
      throw ProtocolError.badParameter(field + " must be a whole number");
    }
    if (n.asLong() < 0) {
      throw ProtocolError.badParameter(field + " must not be negative");
    }
    return n.asLong();
  }

  private static long timestamp(String name, String text) {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw ProtocolError.badParameter(name + " must be an ISO 8601 UTC timestamp such as 2024-01-01T00:00:00Z");
    }
  }
}
