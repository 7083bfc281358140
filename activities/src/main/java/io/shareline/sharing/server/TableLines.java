package io.shareline.sharing.server;

import com.fasterxml.jackson.core.JsonGenerator;
import io.shareline.delta.SnapshotReader.DataFile;
import io.shareline.delta.SnapshotReader.FileChange;
import io.shareline.delta.SnapshotReader.TableState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The lines of metadata, query and changes answers in both response formats: {@code parquet} (the
 * protocol's own objects) and {@code delta} (Delta log actions wrapped, the path replaced by the URL).
 */
final class TableLines {
  enum Format {
    PARQUET, DELTA;

    String header() {
      return "responseformat=" + name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A file with the URL it is served under and the expiry of that URL. */
  record SignedFile(DataFile file, String url, long expiresAt) {}

  private TableLines() {}

  static Exchange.JsonWriter protocol(TableState state, Format format) {
    return json -> {
      json.writeStartObject();
      json.writeObjectFieldStart("protocol");
      if (format == Format.DELTA) {
        json.writeObjectFieldStart("deltaProtocol");
        json.writeNumberField("minReaderVersion", state.minReaderVersion());
        json.writeNumberField("minWriterVersion", state.minWriterVersion());
        json.writeEndObject();
      } else {
        json.writeNumberField("minReaderVersion", 1);
      }
      json.writeEndObject();
      json.writeEndObject();
    };
  }

  /** @param withVersion whether the answer names the version (time travel and changes) */
  static Exchange.JsonWriter metadata(TableState state, Format format, boolean withVersion) {
    return json -> {
      json.writeStartObject();
      json.writeObjectFieldStart("metaData");
      if (format == Format.DELTA) {
        json.writeObjectFieldStart("deltaMetadata");
        deltaMetadataFields(json, state);
        json.writeEndObject();
      } else {
        json.writeStringField("id", state.metadataId());
        json.writeObjectFieldStart("format");
        json.writeStringField("provider", "parquet");
        json.writeEndObject();
        json.writeStringField("schemaString", state.schemaString());
        stringArray(json, "partitionColumns", state.partitionColumns());
        stringMap(json, "configuration", state.configuration());
      }
      if (withVersion) {
        json.writeNumberField("version", state.version());
      }
      json.writeNumberField("size", state.size());
      json.writeNumberField("numFiles", state.files().size());
      json.writeEndObject();
      json.writeEndObject();
    };
  }

  /** A file of a snapshot; time-travel answers also carry its version and timestamp. */
  static Exchange.JsonWriter file(SignedFile signed, Format format, TableState state, boolean withVersion) {
    return json -> {
      DataFile f = signed.file();
      json.writeStartObject();
      json.writeObjectFieldStart("file");
      if (format == Format.DELTA) {
        json.writeStringField("id", fileId(f.path()));
        versionFields(json, withVersion, state.version(), state.timestampMillis());
        json.writeNumberField("expirationTimestamp", signed.expiresAt());
        json.writeObjectFieldStart("deltaSingleAction");
        deltaFileAction(json, "add", signed);
        json.writeEndObject();
      } else {
        parquetFileFields(json, signed);
        versionFields(json, withVersion, state.version(), state.timestampMillis());
      }
      json.writeEndObject();
      json.writeEndObject();
    };
  }

  /** An added or removed file of a change feed. */
  static Exchange.JsonWriter change(FileChange change, SignedFile signed, Format format) {
    String action = change.added() ? "add" : "remove";
    return json -> {
      json.writeStartObject();
      if (format == Format.DELTA) {
        json.writeObjectFieldStart("file");
        json.writeStringField("id", fileId(signed.file().path()));
        versionFields(json, true, change.version(), change.timestampMillis());
        json.writeNumberField("expirationTimestamp", signed.expiresAt());
        json.writeObjectFieldStart("deltaSingleAction");
        deltaFileAction(json, action, signed);
        json.writeEndObject();
      } else {
        json.writeObjectFieldStart(action);
        parquetFileFields(json, signed);
        versionFields(json, true, change.version(), change.timestampMillis());
      }
      json.writeEndObject();
      json.writeEndObject();
    };
  }

  private static void parquetFileFields(JsonGenerator json, SignedFile signed) throws IOException {
    DataFile f = signed.file();
    json.writeStringField("url", signed.url());
    json.writeStringField("id", fileId(f.path()));
    stringMap(json, "partitionValues", f.partitionValues());
    json.writeNumberField("size", f.size());
    if (f.stats() != null) {
      json.writeStringField("stats", f.stats());
    }
    json.writeNumberField("expirationTimestamp", signed.expiresAt());
  }

  private static void deltaFileAction(JsonGenerator json, String action, SignedFile signed) throws IOException {
    DataFile f = signed.file();
    json.writeObjectFieldStart(action);
    json.writeStringField("path", signed.url());
    stringMap(json, "partitionValues", f.partitionValues());
    json.writeNumberField("size", f.size());
    if (action.equals("add")) {
      json.writeNumberField("modificationTime", f.modificationTime());
    } else {
      json.writeNumberField("deletionTimestamp", f.modificationTime());
    }
    json.writeBooleanField("dataChange", true);
    if (f.stats() != null && action.equals("add")) {
      json.writeStringField("stats", f.stats());
    }
    json.writeEndObject();
  }

  private static void deltaMetadataFields(JsonGenerator json, TableState state) throws IOException {
    json.writeStringField("id", state.metadataId());
    json.writeObjectFieldStart("format");
    json.writeStringField("provider", "parquet");
    json.writeObjectFieldStart("options");
    json.writeEndObject();
    json.writeEndObject();
    json.writeStringField("schemaString", state.schemaString());
    stringArray(json, "partitionColumns", state.partitionColumns());
    stringMap(json, "configuration", state.configuration());
    if (state.createdTime() != null) {
      json.writeNumberField("createdTime", state.createdTime());
    }
  }

  private static void versionFields(JsonGenerator json, boolean withVersion, long version, long timestamp)
      throws IOException {
    if (withVersion) {
      json.writeNumberField("version", version);
      json.writeNumberField("timestamp", timestamp);
    }
  }

  private static void stringArray(JsonGenerator json, String name, List<String> values) throws IOException {
    json.writeArrayFieldStart(name);
    for (String v : values) {
      json.writeString(v);
    }
    json.writeEndArray();
  }

  private static void stringMap(JsonGenerator json, String name, Map<String, String> values) throws IOException {
    json.writeObjectFieldStart(name);
    for (Map.Entry<String, String> e : values.entrySet()) {
      json.writeStringField(e.getKey(), e.getValue());
    }
    json.writeEndObject();
  }

  /** Stable across requests for the same file, as the protocol asks (a hash of its log path). */
  static String fileId(String path) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(path.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
