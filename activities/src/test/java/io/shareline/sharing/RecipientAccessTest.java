package io.shareline.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.sharing.client.SharingClient;
import io.shareline.sharing.client.SharingClient.TableRef;
import io.shareline.sharing.client.SharingClientException;
import io.shareline.sharing.client.SharingProfile;
import io.shareline.sharing.credential.RecipientTokens;
import io.shareline.sharing.server.SharingServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may read what: tokens, grants, activation links and file URLs. */
class RecipientAccessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TableRef ACME_PEOPLE = new TableRef("shareline_acme", "shareline_acme", "people");
  @TempDir Path dir;
  private SharedLakehouse lake;

  @AfterEach
  void stop() {
    lake.close();
  }

  @Test
  void oneConnectorsTokenSeesNothingOfAnothers() {
    lake = new SharedLakehouse(dir).share("acme", "people", 5).share("globex", "orders", 7);
    SharingClient globex = new SharingClient(lake.profile("globex"));
    assertEquals(List.of("shareline_globex"), globex.listShares());
    SharingClientException e = assertThrows(SharingClientException.class, () -> globex.query(ACME_PEOPLE, Map.of()));
    assertEquals(404, e.status());
  }

  @Test
  void revokingTheRecipientFailsItsNextRequestWith401() {
    lake = new SharedLakehouse(dir).share("acme", "people", 5);
    SharingClient acme = new SharingClient(lake.profile("acme"));
    assertEquals(1, acme.listShares().size());
    lake.provider.revoke(SharedLakehouse.connector("acme"), false);
    assertEquals(401, assertThrows(SharingClientException.class, acme::listShares).status());
  }

  @Test
  void anExpiredTokenIs401() {
    lake = new SharedLakehouse(dir).share("acme", "people", 5);
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofDays(40)), ZoneOffset.UTC);
    RecipientTokens thenTokens = new RecipientTokens(lake.lakehouse, past);
    RecipientTokens.Issued link = thenTokens.issueActivation("acme", "acme-recipient", Duration.ofDays(30));
    RecipientTokens.Issued token = thenTokens.redeem(link.secret()).orElseThrow();
    SharingClient expired = new SharingClient(new SharingProfile(1, lake.server().endpoint(), token.secret(), null));
    assertEquals(401, assertThrows(SharingClientException.class, expired::listShares).status());
  }

  @Test
  void anUnknownOrMissingTokenIs401WithTheProtocolsErrorBody() throws Exception {
    lake = new SharedLakehouse(dir).share("acme", "people", 5);
    HttpResponse<String> answer = SharedLakehouse.send(HttpRequest.newBuilder(
        URI.create(lake.server().endpoint() + "/shares")).header("Authorization", "Bearer YWNtZQ.guess").build());
    assertEquals(401, answer.statusCode());
    assertEquals("UNAUTHENTICATED", JSON.readTree(answer.body()).path("errorCode").asText());
    assertEquals(401, SharedLakehouse.get(lake.server().endpoint() + "/shares").statusCode());
  }

  @Test
  void rotatingKeepsTheOldTokenUntilTheGracePeriodEnds() {
    lake = new SharedLakehouse(dir).share("acme", "people", 5);
    SharingClient old = new SharingClient(lake.profile("acme"));
    lake.tokens.expireTokens("acme", "acme-recipient", Duration.ofHours(1));
    assertEquals(1, old.listShares().size());
    lake.tokens.expireTokens("acme", "acme-recipient", Duration.ZERO);
    assertEquals(401, assertThrows(SharingClientException.class, old::listShares).status());
  }

  @Test
  void anActivationLinkGivesTheProfileOnceOnly() throws Exception {
    lake = new SharedLakehouse(dir).share("acme", "people", 5);
    RecipientTokens.Issued link = lake.tokens.issueActivation("acme", "acme-recipient", Duration.ofDays(30));
    HttpResponse<String> first = SharedLakehouse.get(lake.activationUrl(link));
    HttpResponse<String> second = SharedLakehouse.get(lake.activationUrl(link));
    assertEquals(200, first.statusCode());
    JsonNode profile = JSON.readTree(first.body());
    assertEquals(1, profile.path("shareCredentialsVersion").asInt());
    assertEquals(lake.server().endpoint(), profile.path("endpoint").asText());
    assertTrue(Instant.parse(profile.path("expirationTime").asText()).isBefore(Instant.now().plus(Duration.ofDays(31))));
    assertEquals(404, second.statusCode());
    assertFalse(second.body().contains("bearerToken"));
  }

  @Test
  void tokensAreStoredOnlyAsHashes() throws Exception {
    lake = new SharedLakehouse(dir).share("acme", "people", 5);
    SharingProfile profile = lake.profile("acme");
    String token = profile.bearerToken();
    assertTrue(java.util.Base64.getUrlDecoder().decode(token.substring(token.indexOf('.') + 1)).length >= 32);
    try (var files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertFalse(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1).contains(
            token.substring(token.indexOf('.') + 1)), file + " holds the token");
      }
    }
  }

  @Test
  void aTamperedFileUrlIsRefused() throws Exception {
    lake = new SharedLakehouse(dir).share("acme", "people", 5).share("acme2", "secret", 3);
    String url = new SharingClient(lake.profile("acme")).query(ACME_PEOPLE, Map.of()).actions().get(0)
        .get("file").path("url").asText();
    String otherTable = url.replaceFirst("/files/([^/]+)/([^/]+)/", "/files/$1/"
        + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("secret".getBytes()) + "/");
    String laterExpiry = url.replaceFirst("expires=(\\d+)", "expires=9" + "$1");
    for (String tampered : List.of(otherTable, laterExpiry, url.substring(0, url.length() - 2) + "00")) {
      HttpResponse<String> answer = SharedLakehouse.get(tampered);
      assertEquals(403, answer.statusCode(), tampered);
      assertEquals("PERMISSION_DENIED", JSON.readTree(answer.body()).path("errorCode").asText());
    }
    assertEquals(200, SharedLakehouse.get(url).statusCode());
  }

  @Test
  void aFileUrlOfAnUnsharedTableIsRefused() {
    lake = new SharedLakehouse(dir).share("acme", "people", 5);
    String url = new SharingClient(lake.profile("acme")).query(ACME_PEOPLE, Map.of()).actions().get(0)
        .get("file").path("url").asText();
    lake.provider.revoke(SharedLakehouse.connector("acme"), true);
    assertEquals(404, SharedLakehouse.get(url).statusCode());
  }

  @Test
  void tooManyRequestsWithOneTokenAre429() {
    lake = new SharedLakehouse(dir).share("acme", "people", 5);
    lake.server(new SharingServer.Settings("127.0.0.1", 0, null, Duration.ofHours(1), 0.5));
    SharingClient acme = new SharingClient(lake.profile("acme"));
    acme.listShares();
    assertEquals(429, assertThrows(SharingClientException.class, acme::listShares).status());
  }
}
