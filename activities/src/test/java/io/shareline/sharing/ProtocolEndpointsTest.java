package io.shareline.sharing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.sharing.client.SharingClient;
import io.shareline.sharing.client.SharingClient.TableAnswer;
import io.shareline.sharing.client.SharingClient.TableRef;
import io.shareline.sharing.client.SharingProfile;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each protocol endpoint against one data folder: a connector sharing a table of three commits. */
class ProtocolEndpointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static SharedLakehouse lake;
  static SharingProfile profile;
  static SharingClient client;
  static TableRef people;

  @BeforeAll
  static void shareATable() {
    lake = new SharedLakehouse(dir).share("acme", "people", 10, 20, 30);
    profile = lake.profile("acme");
    client = new SharingClient(profile);
    people = new TableRef("shareline_acme", "shareline_acme", "people");
  }

  @AfterAll
  static void stop() {
    lake.close();
  }

  @Test
  void listSharesNamesTheGrantedShareOnly() {
    assertEquals(List.of("shareline_acme"), client.listShares());
  }

  @Test
  void getShareIsCaseInsensitive() {
    assertEquals("shareline_acme", client.getShare("SHARELINE_ACME"));
  }

  @Test
  void listSchemasAndTablesNameTheSharedTable() {
    assertEquals(List.of("shareline_acme"), client.listSchemas("shareline_acme"));
    assertEquals(List.of(people), client.listTables("shareline_acme", "shareline_acme"));
    assertEquals(List.of(people), client.listAllTables("shareline_acme"));
  }

  @Test
  void maxResultsZeroReturnsNoItemsAndAPageToken() throws Exception {
    JsonNode page = JSON.readTree(authorized("/shares?maxResults=0").body());
    assertEquals(0, page.path("items").size());
    JsonNode next = JSON.readTree(authorized("/shares?maxResults=1&pageToken=" + page.path("nextPageToken").asText())
        .body());
    assertEquals(1, next.path("items").size());
    assertFalse(next.has("nextPageToken"));
  }

  @Test
  void tableVersionIsTheLatestCommitAndHeadAnswersTheSame() {
    assertEquals(3, client.tableVersion(people));
    HttpResponse<String> head = SharedLakehouse.send(request("/shares/shareline_acme/schemas/shareline_acme/tables/people")
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals("3", head.headers().firstValue("Delta-Table-Version").orElseThrow());
  }

  @Test
  void versionAtAStartingTimestampBeforeTheFirstCommitIsZero() {
    HttpResponse<String> answer = authorized("/shares/shareline_acme/schemas/shareline_acme/tables/people/version"
        + "?startingTimestamp=2000-01-01T00:00:00Z");
    assertEquals("0", answer.headers().firstValue("Delta-Table-Version").orElseThrow());
  }

  @Test
  void metadataCarriesProtocolSchemaAndSize() {
    TableAnswer answer = client.metadata(people);
    assertEquals(1, answer.protocol().path("minReaderVersion").asInt());
    assertEquals("parquet", answer.metadata().path("format").path("provider").asText());
    assertTrue(answer.metadata().path("schemaString").asText().contains("\"city\""));
    assertEquals(3, answer.metadata().path("numFiles").asInt());
    assertEquals(3, answer.version());
  }

  @Test
  void queryListsEveryLiveFileWithStatisticsAndExpiringUrls() {
    TableAnswer answer = client.query(people, Map.of());
    assertEquals(3, answer.actions().size());
    assertEquals(60, answer.numRecords());
    JsonNode file = answer.actions().get(0).get("file");
    assertTrue(file.path("url").asText().startsWith(profile.endpoint() + "/files/"));
    assertTrue(file.path("expirationTimestamp").asLong() > System.currentTimeMillis());
  }

  @Test
  void queryAtAnEarlierVersionListsThatSnapshotWithVersions() {
    TableAnswer answer = client.query(people, Map.of("version", 2));
    assertEquals(2, answer.version());
    assertEquals(30, answer.numRecords());
    assertEquals(2, answer.actions().get(0).get("file").path("version").asLong());
  }

  @Test
  void queryAtATimestampListsTheSnapshotThen() {
    TableAnswer answer = client.query(people, Map.of("timestamp", java.time.Instant.now().plusSeconds(0).toString()));
    assertEquals(60, answer.numRecords());
  }

  @Test
  void limitHintStopsOnceEnoughRowsAreListed() {
    assertEquals(1, client.query(people, Map.of("limitHint", 5)).actions().size());
  }

  @Test
  void deltaFormatWrapsDeltaActionsWhenAskedFor() throws Exception {
    HttpResponse<String> answer = SharedLakehouse.send(request("/shares/shareline_acme/schemas/shareline_acme/tables/people/query")
        .header("delta-sharing-capabilities", "responseformat=delta;readerfeatures=deletionvectors")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    List<String> lines = SharedLakehouse.lines(answer.body());
    assertEquals("responseformat=delta", answer.headers().firstValue("delta-sharing-capabilities").orElseThrow());
    assertTrue(JSON.readTree(lines.get(0)).path("protocol").has("deltaProtocol"));
    assertTrue(JSON.readTree(lines.get(1)).path("metaData").has("deltaMetadata"));
    JsonNode add = JSON.readTree(lines.get(2)).path("file").path("deltaSingleAction").path("add");
    assertTrue(add.path("path").asText().startsWith("http"));
    assertEquals(5, lines.size());
  }

  @Test
  void changesListTheFilesEachCommitAdded() {
    TableAnswer answer = client.changes(people, 2, 3L);
    assertEquals(2, answer.actions().size());
    assertEquals(2, answer.actions().get(0).get("add").path("version").asLong());
    assertEquals(3, answer.actions().get(1).get("add").path("version").asLong());
  }

  @Test
  void queryWithAStartingVersionAnswersWithTheChangesSinceThen() {
    TableAnswer answer = client.query(people, Map.of("startingVersion", 3));
    assertEquals(3, answer.version());
    assertEquals(1, answer.actions().size());
    assertEquals(3, answer.actions().get(0).get("add").path("version").asLong());
  }

  @Test
  void changesInTheDeltaFormatWrapAddActionsWithTheirVersions() throws Exception {
    HttpResponse<String> answer = authorizedWith("/shares/shareline_acme/schemas/shareline_acme/tables/people/changes"
        + "?startingVersion=1&endingVersion=2", "responseformat=delta");
    List<String> lines = SharedLakehouse.lines(answer.body());
    assertEquals(4, lines.size());
    JsonNode file = JSON.readTree(lines.get(2)).path("file");
    assertEquals(1, file.path("version").asLong());
    assertTrue(file.path("deltaSingleAction").path("add").path("path").asText().startsWith("http"));
    assertEquals("1", answer.headers().firstValue("Delta-Table-Version").orElseThrow());
  }

  @Test
  void metadataAtAnEarlierVersionNamesThatVersion() {
    HttpResponse<String> answer = authorized("/shares/shareline_acme/schemas/shareline_acme/tables/people/metadata?version=1");
    assertEquals("1", answer.headers().firstValue("Delta-Table-Version").orElseThrow());
    assertTrue(answer.body().contains("\"version\":1"), answer.body());
  }

  @Test
  void downloadedFilesHoldTheRowsTheStatisticsCount() throws Exception {
    JsonNode file = client.query(people, Map.of()).actions().get(0).get("file");
    HttpResponse<byte[]> download = SharedLakehouse.HTTP.send(
        HttpRequest.newBuilder(URI.create(file.path("url").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, download.statusCode());
    assertEquals(file.path("size").asLong(), download.body().length);
    assertEquals("PAR1", new String(download.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void aByteRangeOfAFileIsServedAsPartialContent() throws Exception {
    JsonNode file = client.query(people, Map.of()).actions().get(0).get("file");
    HttpResponse<byte[]> tail = SharedLakehouse.HTTP.send(HttpRequest.newBuilder(URI.create(file.path("url").asText()))
        .header("Range", "bytes=-8").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(206, tail.statusCode());
    assertEquals("PAR1", new String(tail.body(), 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void aRangeInsideAFileIsExactlyThoseBytesOfTheWholeDownload() throws Exception {
    URI url = URI.create(client.query(people, Map.of()).actions().get(0).get("file").path("url").asText());
    byte[] whole = SharedLakehouse.HTTP.send(HttpRequest.newBuilder(url).build(),
        HttpResponse.BodyHandlers.ofByteArray()).body();
    HttpResponse<byte[]> middle = SharedLakehouse.HTTP.send(HttpRequest.newBuilder(url)
        .header("Range", "bytes=10-" + (whole.length / 2)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(206, middle.statusCode());
    assertEquals("bytes 10-" + (whole.length / 2) + "/" + whole.length, middle.headers().firstValue("Content-Range")
        .orElseThrow());
    assertArrayEquals(java.util.Arrays.copyOfRange(whole, 10, whole.length / 2 + 1), middle.body());
  }

  @Test
  void errorsAreTheProtocolsJsonBody() throws Exception {
    HttpResponse<String> missing = authorized("/shares/shareline_acme/schemas/shareline_acme/tables/nope/metadata");
    assertEquals(404, missing.statusCode());
    JsonNode body = JSON.readTree(missing.body());
    assertEquals("RESOURCE_DOES_NOT_EXIST", body.path("errorCode").asText());
    assertTrue(body.has("message"));
  }

  @Test
  void aMalformedQueryBodyIs400() throws Exception {
    HttpResponse<String> answer = SharedLakehouse.send(request("/shares/shareline_acme/schemas/shareline_acme/tables/people/query")
        .POST(HttpRequest.BodyPublishers.ofString("{not json")).build());
    assertEquals(400, answer.statusCode());
    assertEquals("MALFORMED_REQUEST", JSON.readTree(answer.body()).path("errorCode").asText());
  }

  @Test
  void aVersionTheTableNeverHadIs400() {
    HttpResponse<String> answer = SharedLakehouse.send(request("/shares/shareline_acme/schemas/shareline_acme/tables/people/query")
        .POST(HttpRequest.BodyPublishers.ofString("{\"version\": 99}")).build());
    assertEquals(400, answer.statusCode());
  }

  @Test
  void anOversizedBodyIsRefused() {
    String big = "{\"predicateHints\":[\"" + "x".repeat(70_000) + "\"]}";
    HttpResponse<String> answer = SharedLakehouse.send(request("/shares/shareline_acme/schemas/shareline_acme/tables/people/query")
        .POST(HttpRequest.BodyPublishers.ofString(big)).build());
    assertEquals(413, answer.statusCode());
  }

  @Test
  void anOversizedHeaderGetsTheProtocolsErrorBodyNotJettysPage() throws Exception {
    HttpResponse<String> answer = SharedLakehouse.send(request("/shares").header("X-Padding", "x".repeat(20_000))
        .GET().build());
    assertTrue(answer.statusCode() >= 400 && answer.statusCode() < 500, answer.toString());
    assertTrue(JSON.readTree(answer.body()).has("errorCode"), answer.body());
  }

  private static HttpResponse<String> authorized(String path) {
    return SharedLakehouse.send(request(path).GET().build());
  }

  private static HttpResponse<String> authorizedWith(String path, String capabilities) {
    return SharedLakehouse.send(request(path).header("delta-sharing-capabilities", capabilities).GET().build());
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(profile.endpoint() + path))
        .header("Authorization", "Bearer " + profile.bearerToken());
  }
}
