package io.shareline.provider.databricks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator's own contract: what it refuses, with which documented error body. */
class DatabricksEmulatorTest {
  private DatabricksEmulator emulator;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    emulator = DatabricksWorkspace.leastPrivilege(DatabricksEmulator.withToken(new Configuration(), "t0k3n"), "s3://b/d");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private HttpResponse<String> post(String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.host() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return new ObjectMapper().readTree(r.body());
  }

  @Test
  void anUnknownFieldIsRefusedWithTheDocumentedErrorBody() throws Exception {
    HttpResponse<String> r = post("/api/2.1/unity-catalog/shares", "{\"name\":\"s\",\"colour\":\"red\"}", "t0k3n");

    assertEquals(400, r.statusCode());
    assertEquals("INVALID_PARAMETER_VALUE", json(r).get("error_code").asText());
    assertTrue(json(r).get("message").asText().contains("colour"));
  }

  @Test
  void aMissingRequiredFieldIsRefused() throws Exception {
    HttpResponse<String> r = post("/api/2.1/unity-catalog/recipients", "{\"name\":\"r\"}", "t0k3n");

    assertEquals(400, r.statusCode());
    assertTrue(json(r).get("message").asText().contains("authentication_type"));
  }

  @Test
  void aSecondCreateAnswersResourceAlreadyExists() throws Exception {
    assertEquals(200, post("/api/2.1/unity-catalog/shares", "{\"name\":\"s\"}", "t0k3n").statusCode());

    HttpResponse<String> again = post("/api/2.1/unity-catalog/shares", "{\"name\":\"s\"}", "t0k3n");

    assertEquals(409, again.statusCode());
    assertEquals("RESOURCE_ALREADY_EXISTS", json(again).get("error_code").asText());
  }

  @Test
  void aCallWithoutTheTokenIsUnauthenticatedAndRecorded() throws Exception {
    HttpResponse<String> r = post("/api/2.1/unity-catalog/shares", "{\"name\":\"s\"}", null);

    assertEquals(401, r.statusCode());
    assertEquals("UNAUTHENTICATED", json(r).get("error_code").asText());
    assertEquals(1, emulator.calls().size());
    assertEquals(401, emulator.calls().get(0).status());
  }

  @Test
  void injectedLatencyDelaysEveryAnswer() throws Exception {
    emulator.latency(Duration.ofMillis(300));
    long started = System.nanoTime();

    post("/api/2.1/unity-catalog/shares", "{\"name\":\"s\"}", "t0k3n");

    assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 300);
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(emulator.host() + path)).header("Authorization", "Bearer " + token)
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void creatingAShareWithoutCreateShareIsPermissionDenied() throws Exception {
    emulator.revoke("metastore", emulator.principal(), "CREATE_SHARE");

    HttpResponse<String> r = post("/api/2.1/unity-catalog/shares", "{\"name\":\"s\"}", "t0k3n");

    assertEquals(403, r.statusCode());
    assertEquals("PERMISSION_DENIED", json(r).get("error_code").asText());
    assertTrue(json(r).get("message").asText().contains("CREATE SHARE"));
  }

  @Test
  void aStatementIsPendingThenRunningThenFinishedOnePollAtATime() throws Exception {
    emulator.statementPolls(2);
    HttpResponse<String> submitted = post("/api/2.0/sql/statements", "{\"statement\":\"SELECT 1\",\"warehouse_id\":\""
        + DatabricksEmulator.WAREHOUSE_ID + "\",\"wait_timeout\":\"10s\"}", "t0k3n");
    String id = json(submitted).get("statement_id").asText();

    assertEquals("PENDING", json(submitted).get("status").get("state").asText());
    assertEquals("RUNNING", json(get("/api/2.0/sql/statements/" + id, "t0k3n")).get("status").get("state").asText());
    JsonNode done = json(get("/api/2.0/sql/statements/" + id, "t0k3n")).get("status");
    assertEquals("FAILED", done.get("state").asText());
    assertEquals("42601", done.get("sql_state").asText());
  }

  @Test
  void aShareUpdateOfMoreThanAHundredChangesIsRefused() throws Exception {
    post("/api/2.1/unity-catalog/shares", "{\"name\":\"s\"}", "t0k3n");
    StringBuilder updates = new StringBuilder();
    for (int i = 0; i < 101; i++) {
      updates.append(i == 0 ? "" : ",").append("{\"action\":\"REMOVE\",\"data_object\":{\"name\":\"main.s.t")
          .append(i).append("\"}}");
    }
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emulator.host() + "/api/2.1/unity-catalog/shares/s"))
        .header("Authorization", "Bearer t0k3n").method("PATCH", HttpRequest.BodyPublishers.ofString(
            "{\"updates\":[" + updates + "]}")).build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(400, r.statusCode());
    assertTrue(json(r).get("message").asText().contains("at most 100"));
  }

  @Test
  void theOpenSharingEndpointRefusesAnUnknownBearerToken() throws Exception {
    HttpResponse<String> r = get("/api/2.0/delta-sharing/metastores/" + DatabricksEmulator.METASTORE_ID + "/shares",
        "t0k3n");

    assertEquals(401, r.statusCode());
    assertEquals("UNAUTHENTICATED", json(r).get("errorCode").asText());
  }

  @Test
  void anUnknownEndpointAnswersEndpointNotFound() throws Exception {
    HttpResponse<String> r = get("/api/2.1/unity-catalog/no-such-thing", "t0k3n");

    assertEquals(404, r.statusCode());
    assertEquals("ENDPOINT_NOT_FOUND", json(r).get("error_code").asText());
  }

  @Test
  void aSecretInABodyIsReportedAsALeak() throws Exception {
    post("/api/2.1/unity-catalog/shares", "{\"name\":\"s\",\"comment\":\"t0k3n\"}", "t0k3n");

    assertEquals(1, emulator.leaksOf("t0k3n").size());
  }
}
