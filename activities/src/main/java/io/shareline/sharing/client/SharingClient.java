package io.shareline.sharing.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small Delta Sharing protocol client (JDK HttpClient + Jackson): what a recipient's connector does,
 * used by Shareline to prove what its recipients see. Independent of any server code.
 */
public final class SharingClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** A table as listings name it. */
  public record TableRef(String share, String schema, String name) {}

  /** The answer of a metadata, query or changes call: the header version and every line. */
  public record TableAnswer(long version, JsonNode protocol, JsonNode metadata, List<JsonNode> actions) {
    /** The sum of {@code numRecords} over the listed files' statistics; -1 when a file has none. */
    public long numRecords() {
      long total = 0;
      for (JsonNode action : actions) {
        JsonNode file = action.has("file") ? action.get("file") : action.get("add");
        if (file == null) {
          continue;
        }
        JsonNode stats = file.has("deltaSingleAction") ? file.get("deltaSingleAction").get("add").get("stats")
            : file.get("stats");
        if (stats == null || stats.isNull()) {
          return -1;
        }
        try {
          total += JSON.readTree(stats.asText()).path("numRecords").asLong(-1);
        } catch (IOException e) {
          return -1;
        }
      }
      return total;
    }
  }

  /** Names the product and its version in every call, so a server's access log tells Shareline's reads apart. */
  private static final String USER_AGENT = "shareline/" + version() + " delta-sharing-client";

  private final SharingProfile profile;
  private final HttpClient http;

  private static String version() {
    String v = SharingClient.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }

  public SharingClient(SharingProfile profile) {
    this(profile, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  public SharingClient(SharingProfile profile, HttpClient http) {
    this.profile = profile;
    this.http = http;
  }

  public List<String> listShares() {
    return names(pages("/shares"), "name");
  }

  /** The share's name as the server spells it. */
  public String getShare(String share) {
    return get("/shares/" + enc(share)).path("share").path("name").asText();
  }

  public List<String> listSchemas(String share) {
    return names(pages("/shares/" + enc(share) + "/schemas"), "name");
  }

  public List<TableRef> listTables(String share, String schema) {
    return tables(pages("/shares/" + enc(share) + "/schemas/" + enc(schema) + "/tables"));
  }

  public List<TableRef> listAllTables(String share) {
    return tables(pages("/shares/" + enc(share) + "/all-tables"));
  }

  public long tableVersion(TableRef table) {
    HttpResponse<InputStream> response = send(request(tablePath(table) + "/version").GET().build());
    return version(response);
  }

  public TableAnswer metadata(TableRef table) {
    return answer(send(request(tablePath(table) + "/metadata").GET().build()));
  }

  /** {@code query} with the given body fields (version, timestamp, limitHint, …; none: the latest snapshot). */
  public TableAnswer query(TableRef table, Map<String, Object> body) {
    ObjectNode json = JSON.valueToTree(body);
    return answer(send(request(tablePath(table) + "/query").header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(json.toString())).build()));
  }

  public TableAnswer changes(TableRef table, long startingVersion, Long endingVersion) {
    String query = "?startingVersion=" + startingVersion + (endingVersion == null ? "" : "&endingVersion=" + endingVersion);
    return answer(send(request(tablePath(table) + "/changes" + query).GET().build()));
  }

  private List<JsonNode> pages(String path) {
    List<JsonNode> items = new ArrayList<>();
    String token = null;
    do {
      JsonNode page = get(path + (token == null ? "" : "?pageToken=" + enc(token)));
      page.path("items").forEach(items::add);
      token = page.path("nextPageToken").asText("");
      token = token.isEmpty() ? null : token;
    } while (token != null);
    return items;
  }

  private JsonNode get(String path) {
    HttpResponse<InputStream> response = send(request(path).GET().build());
    try (InputStream in = response.body()) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new SharingClientException(0, null, "unreadable answer from " + path + ": " + e.getMessage());
    }
  }

  private TableAnswer answer(HttpResponse<InputStream> response) {
    List<JsonNode> actions = new ArrayList<>();
    JsonNode protocol = null;
    JsonNode metadata = null;
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = JSON.readTree(line);
        if (node.has("protocol") && protocol == null) {
          protocol = node.get("protocol");
        } else if (node.has("metaData") && metadata == null) {
          metadata = node.get("metaData");
        } else {
          actions.add(node);
        }
      }
    } catch (IOException e) {
      throw new SharingClientException(0, null, "unreadable answer: " + e.getMessage());
    }
    return new TableAnswer(version(response), protocol, metadata, actions);
  }

  private HttpResponse<InputStream> send(HttpRequest request) {
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() / 100 != 2) {
        JsonNode error;
        try (InputStream in = response.body()) {
          byte[] body = in.readAllBytes();
          error = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
          error = JSON.createObjectNode();
        }
        throw new SharingClientException(response.statusCode(), error.path("errorCode").asText(null),
            "HTTP " + response.statusCode() + " from " + request.method() + " " + request.uri().getPath() + ": "
                + error.path("message").asText(""));
      }
      return response;
    } catch (IOException e) {
      throw new SharingClientException(0, null, "sharing server unreachable at " + request.uri().getHost() + ":"
          + request.uri().getPort() + ": " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SharingClientException(0, null, "interrupted");
    }
  }

  private HttpRequest.Builder request(String path) {
    String base = profile.endpoint().endsWith("/") ? profile.endpoint().substring(0, profile.endpoint().length() - 1)
        : profile.endpoint();
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + profile.bearerToken())
        .header("User-Agent", USER_AGENT);
  }

  private static long version(HttpResponse<?> response) {
    return response.headers().firstValue("Delta-Table-Version").map(Long::parseLong).orElse(-1L);
  }

  private static String tablePath(TableRef t) {
    return "/shares/" + enc(t.share()) + "/schemas/" + enc(t.schema()) + "/tables/" + enc(t.name());
  }

  private static List<String> names(List<JsonNode> items, String field) {
    return items.stream().map(i -> i.path(field).asText()).toList();
  }

  private static List<TableRef> tables(List<JsonNode> items) {
    return items.stream().map(i -> new TableRef(i.path("share").asText(), i.path("schema").asText(),
        i.path("name").asText())).toList();
  }

  private static String enc(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
