package io.shareline.sharing.server;

import com.fasterxml.jackson.core.JsonGenerator;
import io.shareline.sharing.server.ShareDirectory.SharedTable;
import io.shareline.sharing.server.ShareDirectory.VisibleShare;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Shares, schemas and tables, in pages of {@code maxResults} with an opaque {@code nextPageToken}. */
final class ListEndpoints {
  static final int DEFAULT_PAGE = 500;
  static final int MAX_PAGE = 1000;

  /** Writes one item's fields. */
  private interface ItemWriter<T> {
    void write(JsonGenerator json, T item) throws IOException;
  }

  private ListEndpoints() {}

  static void shares(Exchange ex, List<VisibleShare> shares) throws IOException {
    page(ex, shares, (json, s) -> {
      json.writeStringField("name", s.name());
      json.writeStringField("id", id("share", s.connectorId(), s.name()));
    });
  }

  static void share(Exchange ex, VisibleShare share) throws IOException {
    ex.json(200, json -> {
      json.writeStartObject();
      json.writeObjectFieldStart("share");
      json.writeStringField("name", share.name());
      json.writeStringField("id", id("share", share.connectorId(), share.name()));
      json.writeEndObject();
      json.writeEndObject();
    });
  }

  static void schemas(Exchange ex, VisibleShare share) throws IOException {
    page(ex, List.of(share), (json, s) -> {
      json.writeStringField("name", s.schema());
      json.writeStringField("share", s.name());
    });
  }

  static void tables(Exchange ex, VisibleShare share) throws IOException {
    page(ex, share.tables(), (json, t) -> {
      json.writeStringField("name", t.name());
      json.writeStringField("schema", t.schema());
      json.writeStringField("share", t.share());
      json.writeStringField("shareId", id("share", share.connectorId(), share.name()));
      json.writeStringField("id", tableId(t));
    });
  }

  static String tableId(SharedTable t) {
    return id("table", t.connectorId(), t.name());
  }

  private static <T> void page(Exchange ex, List<T> items, ItemWriter<T> writer) throws IOException {
    Long max = ex.longParam("maxResults");
    if (max != null && (max < 0 || max > Integer.MAX_VALUE)) {
      throw ProtocolError.badParameter("maxResults must be a non-negative number");
    }
    int size = max == null ? DEFAULT_PAGE : (int) Math.min(max, MAX_PAGE);
    int from = offset(ex.param("pageToken"), items.size());
    int to = Math.min(items.size(), from + size);
    ex.json(200, json -> {
      json.writeStartObject();
      json.writeArrayFieldStart("items");
      for (T item : items.subList(from, to)) {
        json.writeStartObject();
        writer.write(json, item);
        json.writeEndObject();
      }
      json.writeEndArray();
      if (to < items.size()) {
        json.writeStringField("nextPageToken", token(to));
      }
      json.writeEndObject();
    });
  }

  private static String token(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offset(String pageToken, int count) {
    if (pageToken == null || pageToken.isEmpty()) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(pageToken), StandardCharsets.UTF_8);
      int offset = Integer.parseInt(text.substring("offset:".length()));
      if (!text.startsWith("offset:") || offset < 0 || offset > count) {
        throw new IllegalArgumentException();
      }
      return offset;
    } catch (RuntimeException e) {
      throw ProtocolError.badParameter("pageToken is not one this server issued");
    }
  }

  /** Stable, unique ids: a name-based UUID of the connector and the object's name. */
  private static String id(String kind, String connectorId, String name) {
    return UUID.nameUUIDFromBytes((kind + "/" + connectorId + "/" + name).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
