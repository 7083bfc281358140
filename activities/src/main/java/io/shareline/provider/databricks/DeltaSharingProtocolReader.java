package io.shareline.provider.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The few Delta Sharing protocol calls VERIFY needs (list all tables, metadata, query), over the JDK
 * HTTP client with Jackson: {@code GET …/all-tables}, {@code GET …/metadata} for the schema and
 * {@code POST …/query} whose {@code Delta-Table-Version} header and file {@code stats.numRecords}
 * give the version and the row count. Messages carry statuses and names, never the token.
 */
final class DeltaSharingProtocolReader implements RecipientShareReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Credential credential;

  DeltaSharingProtocolReader(Credential credential) {
    this.credential = credential;
  }

  @Override
  public List<String> tables(String share) {
    List<String> out = new ArrayList<>();
    String pageToken = null;
    do {
      String path = "/shares/" + enc(share) + "/all-tables?maxResults=500"
          + (pageToken == null ? "" : "&pageToken=" + enc(pageToken));
      JsonNode page = json(send(get(path)).body());
      page.path("items").forEach(t -> out.add(t.path("schema").asText() + "." + t.path("name").asText()));
      pageToken = page.path("nextPageToken").asText(null);
    } while (pageToken != null && !pageToken.isEmpty());
    return out;
  }

  @Override
  public TableState read(String share, String schema, String table) {
    String base = "/shares/" + enc(share) + "/schemas/" + enc(schema) + "/tables/" + enc(table);
    List<String> columns = new ArrayList<>();
    for (String line : send(get(base + "/metadata")).body().split("\n")) {
      JsonNode metadata = line.isBlank() ? null : json(line).get("metaData");
      if (metadata != null) {
        json(metadata.path("schemaString").asText()).path("fields").forEach(f -> columns.add(f.path("name").asText()));
      }
    }
    HttpResponse<String> query = send(request(base + "/query").header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    long records = 0;
    for (String line : query.body().split("\n")) {
      JsonNode file = line.isBlank() ? null : json(line).get("file");
      if (file != null) {
        JsonNode stats = json(file.path("stats").asText("{}"));
        if (!stats.has("numRecords")) {
          throw new ProviderException(Failures.VERIFY_MISMATCH, "shared file " + file.path("id").asText()
              + " of " + schema + "." + table + " carries no numRecords statistic");
        }
        records += stats.get("numRecords").asLong();
      }
    }
    String version = query.headers().firstValue("Delta-Table-Version").orElseThrow(() -> new ProviderException(
        Failures.VERIFY_MISMATCH, "query of " + schema + "." + table + " answered without Delta-Table-Version"));
    return new TableState(Long.parseLong(version.trim()), columns, records);
  }

  private HttpRequest get(String path) {
    return request(path).GET().build();
  }

  private HttpRequest.Builder request(String path) {
    String endpoint = credential.endpoint().endsWith("/") ? credential.endpoint().substring(0,
        credential.endpoint().length() - 1) : credential.endpoint();
    return HttpRequest.newBuilder(URI.create(endpoint + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + credential.bearerToken()).header("User-Agent", "shareline/" + DatabricksShareProvider.version() + " verifier");
  }

  private static HttpResponse<String> send(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ProviderException(Failures.PROVIDER_TRANSIENT, "sharing server unreachable at "
          + request.uri().getHost() + ": " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(Failures.PROVIDER_TRANSIENT, "interrupted while reading the share");
    }
    if (response.statusCode() / 100 != 2) {
      JsonNode body = jsonOrEmpty(response.body());
      throw new Refused(response.statusCode(), request.method() + " " + request.uri().getPath() + " answered HTTP "
          + response.statusCode() + " " + body.path("errorCode").asText(body.path("error_code").asText("")));
    }
    return response;
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, "the sharing server answered unreadable JSON");
    }
  }

  private static JsonNode jsonOrEmpty(String text) {
    try {
      return text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
