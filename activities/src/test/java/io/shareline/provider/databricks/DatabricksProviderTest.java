package io.shareline.provider.databricks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.activities.SharelineActivities;
import io.shareline.common.Failures;
import io.shareline.connector.RevokeRequest;
import io.shareline.connector.TokenRotated;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delta.DeltaTables;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.provider.ActivationOutbox;
import io.shareline.provider.ProviderException;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.stage.StageFailures;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** DatabricksShareProvider through databricks-sdk-java against the emulator, tables on loopback S3. */
class DatabricksProviderTest {
  private static final String UC = "/api/2.1/unity-catalog/";
  @RegisterExtension static final DatabricksWorkspaces WORKSPACES = new DatabricksWorkspaces();
  @TempDir Path dir;
  private DatabricksWorkspace ws;
  private String source;

  @BeforeEach
  void start() throws Exception {
    ws = WORKSPACES.next(dir.resolve("outbox"));
    source = SampleSourceGenerator.generate(dir.resolve("source"), new SampleSpec(7L, 2, 2, 15, false)).root().toString();
  }

  @AfterEach
  void stop() throws Exception {
    ws.close();
  }

  private ConnectorSpec byIdentifier() {
    return DatabricksWorkspace.connector("acme", source, DatabricksWorkspace.SHARING_ID);
  }

  @Test
  void provisionCreatesSchemaTablesBySqlThenShareRecipientVerifierAndGrantsInThatOrder() {
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));
    ws.emulator.statementPolls(2);

    activities.onboarding().provision(byIdentifier());

    String statements = "/api/2.0/sql/statements";
    List<String> expected = Stream.of(
        List.of("POST " + UC + "schemas"),
        MetadataTables.ALL.stream().flatMap(t -> Stream.of("GET " + UC + "tables/main.shareline_acme." + t + "/exists",
            "POST " + statements, "GET " + statements + "/{id}", "GET " + statements + "/{id}",
            "GET " + UC + "tables/main.shareline_acme." + t)).toList(),
        List.of("POST " + UC + "shares", "POST " + UC + "recipients", "GET " + UC + "shares/shareline_acme/permissions",
            "PATCH " + UC + "shares/shareline_acme/permissions", "GET " + UC + "metastore_summary",
            "POST " + UC + "recipients", "GET " + UC + "public/data_sharing_activation/{id}",
            "GET " + UC + "shares/shareline_acme/permissions", "PATCH " + UC + "shares/shareline_acme/permissions"))
        .flatMap(List::stream).toList();
    assertEquals(expected, ws.emulator.apiCalls().stream()
        .map(c -> c.replaceAll("/[0-9a-f]{8}-[0-9a-f-]{27}$", "/{id}")).toList());
    assertTrue(ws.emulator.calls().stream().filter(c -> c.line().equals("POST " + statements)).allMatch(c ->
        c.body().contains("CREATE TABLE IF NOT EXISTS `main`.`shareline_acme`.") && c.body().contains("USING DELTA LOCATION")));
    assertTrue(ws.emulator.table("main.shareline_acme.workflow_runs").get("columns").size() > 3,
        "Unity Catalog took the columns from the Delta log");
    assertEquals(java.util.Set.of("SELECT"), ws.emulator.privileges("shareline_acme", "shareline_acme"));
    assertEquals(DatabricksWorkspace.SHARING_ID,
        ws.emulator.recipient("shareline_acme").get("data_recipient_global_metastore_id").asText());
  }

  @Test
  void provisioningTwiceReadsEverythingBackAndCreatesNothingNew() {
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));
    activities.onboarding().provision(byIdentifier());
    ws.emulator.clearCalls();

    activities.onboarding().provision(byIdentifier());

    List<String> creates = ws.emulator.calls().stream().filter(c -> c.method().equals("POST") || c.method().equals("PATCH"))
        .filter(c -> c.status() == 200).map(DatabricksEmulator.Call::line).toList();
    assertEquals(List.of(), creates, "a second provision changes nothing");
    assertTrue(ws.emulator.apiCalls().contains("GET " + UC + "schemas/main.shareline_acme"));
    assertTrue(ws.emulator.apiCalls().contains("GET " + UC + "shares/shareline_acme"));
    assertTrue(ws.emulator.apiCalls().contains("GET " + UC + "recipients/shareline_acme"));
    assertEquals(1, ws.emulator.shares().size());
  }

  @Test
  void aShareOfTheSameNameThatIsNotOursFailsWithoutRetry() {
    ws.emulator.putShare("shareline_acme", "the finance team's share");
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));

    ApplicationFailure failure = assertThrows(ApplicationFailure.class,
        () -> activities.onboarding().provision(byIdentifier()));

    assertEquals(Failures.PROVIDER_CONFLICT.name(), failure.getType());
    assertTrue(failure.isNonRetryable());
    assertTrue(failure.getOriginalMessage().contains("the finance team's share"), failure.getOriginalMessage());
  }

  @Test
  void aRecipientWithAnotherSharingIdentifierFailsWithoutRetry() {
    ws.emulator.putRecipient("shareline_acme", "DATABRICKS", "aws:us-east-1:00000000-0000-0000-0000-000000000000", null);
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));

    ApplicationFailure failure = assertThrows(ApplicationFailure.class,
        () -> activities.onboarding().provision(byIdentifier()));

    assertEquals(Failures.PROVIDER_CONFLICT.name(), failure.getType());
    assertTrue(failure.getOriginalMessage().contains(DatabricksWorkspace.SHARING_ID));
  }

  @Test
  void aThrottledCreateIsRetriedAfterRetryAfterAndCreatesOneShare() {
    ws.emulator.inject(new DatabricksEmulator.Fault("POST", UC + "shares", 429, "REQUEST_LIMIT_EXCEEDED", 1));
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));
    long started = System.nanoTime();

    activities.onboarding().provision(byIdentifier());

    List<Integer> shareCreates = ws.emulator.calls().stream()
        .filter(c -> c.line().equals("POST " + UC + "shares")).map(DatabricksEmulator.Call::status).toList();
    assertEquals(List.of(429, 200), shareCreates);
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 1000, "waited the server's Retry-After");
    assertEquals(1, ws.emulator.shares().size());
  }

  @Test
  void aCreateWhoseAnswerWasLostIsFoundOnRetryAndAccepted() {
    ws.emulator.inject(new DatabricksEmulator.Fault("POST", UC + "recipients", 503, "TEMPORARILY_UNAVAILABLE", 0, true));
    ws.emulator.inject(new DatabricksEmulator.Fault("POST", UC + "shares", 503, "TEMPORARILY_UNAVAILABLE", 0, true));
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));

    activities.onboarding().provision(byIdentifier());

    List<String> shareCalls = ws.emulator.calls().stream().filter(c -> c.path().startsWith(UC + "shares/shareline_acme")
        || c.path().equals(UC + "shares")).filter(c -> !c.path().endsWith("/permissions"))
        .map(c -> c.line() + " " + c.status()).toList();
    assertEquals(List.of("POST " + UC + "shares 503", "POST " + UC + "shares 409", "GET " + UC + "shares/shareline_acme 200"),
        shareCalls);
    assertEquals(1, ws.emulator.shares().size());
    assertEquals(java.util.Set.of("SELECT"), ws.emulator.privileges("shareline_acme", "shareline_acme"));
    assertEquals(0, activities.onboarding().verifyEmptyShare(byIdentifier()).dataTables());
  }

  @Test
  void unavailabilityThatOutlastsTheSdkRetriesIsRetryableWithTheServersDelay() {
    for (int i = 0; i < 4; i++) {
      ws.emulator.inject(new DatabricksEmulator.Fault("POST", UC + "schemas", 503, "TEMPORARILY_UNAVAILABLE", 1));
    }
    DatabricksShareProvider provider = ws.provider(ws.settings());

    ProviderException e = assertThrows(ProviderException.class,
        () -> provider.provision(byIdentifier(), ws.dataDir() + "/lakehouse/acme"));

    assertEquals(Failures.PROVIDER_TRANSIENT, e.type());
    assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
    ApplicationFailure failure = StageFailures.classify(e);
    assertFalse(failure.isNonRetryable());
    assertEquals(Duration.ofSeconds(1), failure.getNextRetryDelay());
  }

  @Test
  void permissionDeniedIsNonRetryableAndSaysWhatToGrant() {
    ws.emulator.deny("POST", UC + "recipients");
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));

    ApplicationFailure failure = assertThrows(ApplicationFailure.class,
        () -> activities.onboarding().provision(byIdentifier()));

    assertEquals(Failures.PROVIDER_PERMISSION_DENIED.name(), failure.getType());
    assertTrue(failure.isNonRetryable());
    assertTrue(failure.getOriginalMessage().contains("CREATE RECIPIENT"), failure.getOriginalMessage());
  }

  @Test
  void aRefusedTokenIsAnAuthFailureThatDoesNotRepeatTheToken() {
    String wrong = "dapi-wrong-token-000111222";
    SharelineActivities activities = ws.activities(ws.provider(ws.settings(new DatabricksSettings.Pat(wrong), 0)));

    ApplicationFailure failure = assertThrows(ApplicationFailure.class,
        () -> activities.onboarding().provision(byIdentifier()));

    assertEquals(Failures.PROVIDER_AUTH.name(), failure.getType());
    assertTrue(failure.isNonRetryable());
    assertFalse(failure.getOriginalMessage().contains(wrong));
    assertTrue(failure.getOriginalMessage().contains("DATABRICKS_TOKEN"));
  }

  @Test
  void verifyEmptyShareFailsWhenTheGrantIsGoneAndWhenTheShareIsMissing() {
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));
    ConnectorSpec spec = byIdentifier();
    activities.onboarding().provision(spec);
    assertEquals(0, activities.onboarding().verifyEmptyShare(spec).dataTables());

    ws.emulator.revokeGrant("shareline_acme", "shareline_acme");
    ApplicationFailure noGrant = assertThrows(ApplicationFailure.class, () -> activities.onboarding().verifyEmptyShare(spec));
    assertEquals(Failures.PROVIDER_PERMISSION_DENIED.name(), noGrant.getType());

    ConnectorSpec other = DatabricksWorkspace.connector("other", source, DatabricksWorkspace.SHARING_ID);
    ApplicationFailure noShare = assertThrows(ApplicationFailure.class, () -> activities.onboarding().verifyEmptyShare(other));
    assertEquals(Failures.PROVIDER_INVALID.name(), noShare.getType());
    assertTrue(noShare.isNonRetryable());
  }

  @Test
  void aTokenRecipientsActivationLinkGoesOnceToTheOutboxAndIsKeptNowhereElse() throws Exception {
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));
    ConnectorSpec spec = DatabricksWorkspace.connector("acme", source, "acme-analytics");

    activities.onboarding().provision(spec);
    activities.onboarding().provision(spec);
    activities.onboarding().verifyEmptyShare(spec);

    List<Path> dropped = list(ws.outbox);
    assertEquals(1, dropped.size(), "one link, although provisioned twice");
    JsonNode activation = new ObjectMapper().readTree(dropped.get(0).toFile());
    assertTrue(activation.get("activation_url").asText().contains("retrieve_config"));
    Instant expires = Instant.parse(activation.get("expires_at").asText());
    assertTrue(expires.isBefore(Instant.now().plus(Duration.ofDays(365))));
    assertEquals("TOKEN", ws.emulator.recipient("shareline_acme").get("authentication_type").asText());
    assertFalse(Files.exists(dir.resolve("outbox").resolve("..").resolve("provider")), "nothing kept beside it");
  }

  @Test
  void aTokenRecipientWithoutAnOutboxFailsAndIsRemovedSoNoLinkIsLost() {
    DatabricksSettings noOutbox = new DatabricksSettings(ws.emulator.host(), DatabricksWorkspace.CATALOG,
        ws.storageRoot(), DatabricksEmulator.WAREHOUSE_ID, new DatabricksSettings.Pat(DatabricksWorkspace.TOKEN), null, 0,
        null);
    SharelineActivities activities = ws.activities(new DatabricksShareProvider(noOutbox, ActivationOutbox.of(null)));
    ConnectorSpec spec = DatabricksWorkspace.connector("acme", source, "acme-analytics");

    ApplicationFailure failure = assertThrows(ApplicationFailure.class, () -> activities.onboarding().provision(spec));

    assertEquals(Failures.CONFIG_INVALID.name(), failure.getType());
    assertTrue(failure.getOriginalMessage().contains("databricks.activation-outbox"), failure.getOriginalMessage());
    assertEquals(null, ws.emulator.recipient("shareline_acme"));
    assertTrue(ws.emulator.calls().stream().noneMatch(c -> c.body().contains("retrieve_config")));
  }

  @Test
  void aTokenRecipientWhoseTokenOutlivesAYearFailsVerification() {
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));
    ConnectorSpec spec = DatabricksWorkspace.connector("acme", source, "acme-analytics");
    activities.onboarding().provision(spec);
    ((com.fasterxml.jackson.databind.node.ObjectNode) ws.emulator.recipient("shareline_acme").get("tokens").get(0))
        .put("expiration_time", Instant.now().plus(Duration.ofDays(400)).toEpochMilli());

    ApplicationFailure failure = assertThrows(ApplicationFailure.class, () -> activities.onboarding().verifyEmptyShare(spec));

    assertEquals(Failures.PROVIDER_INVALID.name(), failure.getType());
    assertTrue(failure.getOriginalMessage().contains("365"), failure.getOriginalMessage());
  }

  @Test
  void rotatingATokenHandsOutANewLinkAndExpiresTheOldOne() throws Exception {
    DatabricksShareProvider provider = ws.provider(ws.settings());
    SharelineActivities activities = ws.activities(provider);
    ConnectorSpec spec = DatabricksWorkspace.connector("acme", source, "acme-analytics");
    activities.onboarding().provision(spec);

    TokenRotated rotated = provider.rotateToken(spec, Duration.ZERO);

    assertEquals(2, list(ws.outbox).size());
    JsonNode tokens = ws.emulator.recipient("shareline_acme").get("tokens");
    assertEquals(rotated.tokenId(), tokens.get(1).get("id").asText());
    assertTrue(tokens.get(0).get("expiration_time").asLong() <= Instant.now().toEpochMilli());
    assertFalse(rotated.toString().contains("retrieve_config"));
  }

  @Test
  void everyRunIsSharedAndCountedOnTheWarehouseWithNoSecretInAnyCall() throws Exception {
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));
    ConnectorSpec spec = byIdentifier();

    DatabricksWorkspace.onboardAndDeliver(activities, spec);

    JsonNode objects = ws.emulator.shares().get("shareline_acme").get("objects");
    List<String> shared = new java.util.ArrayList<>();
    objects.forEach(o -> shared.add(o.get("shared_as").asText()));
    assertTrue(shared.contains("shareline_acme.workflow_runs"), shared.toString());
    assertEquals(2, shared.stream().filter(t -> t.endsWith("__latest")).count(), shared.toString());
    assertTrue(shared.stream().anyMatch(t -> t.endsWith("__v2")), "the schema change made a second version: " + shared);
    objects.forEach(o -> assertEquals("ENABLED", o.get("history_data_sharing_status").asText()));
    long counts = ws.emulator.calls().stream().filter(c -> c.line().equals("POST /api/2.0/sql/statements")).count();
    assertTrue(counts >= 4, "VERIFY counted on the warehouse: " + counts);
    assertEquals(List.of(), ws.emulator.leaksOf(DatabricksWorkspace.TOKEN));
    assertTrue(ws.emulator.calls().stream().filter(c -> c.path().startsWith("/api/"))
            .allMatch(c -> c.headers().get("User-Agent").startsWith("shareline/")),
        "every call names the product");
  }

  @Test
  void aShareThatWouldPassItsTableLimitFailsBeforeAddingAnything() {
    SharelineActivities activities = ws.activities(ws.provider(ws.settings(
        new DatabricksSettings.Pat(DatabricksWorkspace.TOKEN), MetadataTables.ALL.size() + 1)));
    ConnectorSpec spec = byIdentifier();

    ApplicationFailure failure = assertThrows(ApplicationFailure.class,
        () -> DatabricksWorkspace.onboardAndDeliver(activities, spec));

    assertEquals(Failures.PROVIDER_LIMIT.name(), failure.getType());
    assertTrue(failure.isNonRetryable());
    assertTrue(failure.getOriginalMessage().contains("max-tables-per-share"), failure.getOriginalMessage());
    assertTrue(ws.emulator.shares().get("shareline_acme").get("objects").size() <= MetadataTables.ALL.size() + 1);
  }

  @Test
  void aServicePrincipalAuthenticatesByOAuthWithoutItsSecretInAnyRequestBodyOrUrl() throws Exception {
    String secret = "sp-secret-do-not-leak-42";
    try (DatabricksEmulator m2m = DatabricksWorkspace.leastPrivilege(
        DatabricksEmulator.withServicePrincipal(ws.s3.hadoopConf(), "sp-client", secret), ws.storageRoot())) {
      DatabricksSettings settings = new DatabricksSettings(m2m.host(), DatabricksWorkspace.CATALOG, ws.storageRoot(),
          DatabricksEmulator.WAREHOUSE_ID, new DatabricksSettings.ServicePrincipal("sp-client", secret), null, 0, null);
      SharelineActivities activities = ws.activities(new DatabricksShareProvider(settings, ActivationOutbox.of(null)));

      activities.onboarding().provision(byIdentifier());

      List<String> lines = m2m.calls().stream().map(DatabricksEmulator.Call::line).toList();
      assertTrue(lines.contains("GET /oidc/.well-known/oauth-authorization-server"), lines.toString());
      assertTrue(lines.contains("POST /oidc/v1/token"), lines.toString());
      assertEquals(List.of(), m2m.leaksOf(secret));
      assertFalse(settings.toString().contains(secret));
    }
  }

  @Test
  void revokeRemovesTheGrantAndTheRecipientAndLeavesTheData() {
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));
    ConnectorSpec spec = byIdentifier();
    DatabricksWorkspace.onboardAndDeliver(activities, spec);

    assertTrue(activities.onboarding().revoke(new RevokeRequest(spec, false)).grantRemoved());
    assertFalse(activities.onboarding().revoke(new RevokeRequest(spec, false)).grantRemoved(), "twice is harmless");

    assertEquals(java.util.Set.of(), ws.emulator.privileges("shareline_acme", "shareline_acme"));
    assertEquals(null, ws.emulator.recipient("shareline_acme"));
    DeltaTables tables = new DeltaTables(ws.s3.hadoopConf());
    assertTrue(tables.exists(new Lakehouse(ws.dataDir(), ws.s3.hadoopConf()).tablePath("acme", MetadataTables.RUNS)));
  }

  @Test
  void revokeWithPurgeUnsharesAndDropsTheTables() {
    DatabricksShareProvider provider = ws.provider(ws.settings());
    SharelineActivities activities = ws.activities(provider);
    ConnectorSpec spec = byIdentifier();
    activities.onboarding().provision(spec);
    provider.addToShare(spec, MetadataTables.ALL);

    activities.onboarding().revoke(new RevokeRequest(spec, true));

    assertEquals(0, ws.emulator.shares().get("shareline_acme").get("objects").size());
    assertEquals(null, ws.emulator.table("main.shareline_acme." + MetadataTables.RUNS));
    assertEquals(null, ws.emulator.recipient("shareline_acme"));
  }

  private static List<Path> list(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".json")).toList();
    }
  }

}
