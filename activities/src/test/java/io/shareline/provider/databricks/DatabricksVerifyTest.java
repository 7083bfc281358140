package io.shareline.provider.databricks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.activities.SharelineActivities;
import io.shareline.common.Failures;
import io.shareline.connector.Provisioned;
import io.shareline.connector.RevokeRequest;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.DeliveryRequest;
import io.shareline.delivery.RunRef;
import io.shareline.delivery.SchemaVersion;
import io.shareline.delivery.StagedBatch;
import io.shareline.delivery.StagedRun;
import io.shareline.delta.DeltaTables;
import io.shareline.ledger.Ledger;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** VERIFY's recipient-side proof, its fallback, and the limits and ownership around recipients. */
class DatabricksVerifyTest {
  private static final String SHARING = "/api/2.0/delta-sharing/metastores/" + DatabricksEmulator.METASTORE_ID;
  @RegisterExtension static final DatabricksWorkspaces WORKSPACES = new DatabricksWorkspaces();
  @TempDir Path dir;
  private DatabricksWorkspace ws;
  private String source;

  @BeforeEach
  void start() throws Exception {
    ws = WORKSPACES.next(dir.resolve("outbox"));
    source = SampleSourceGenerator.generate(dir.resolve("source"), new SampleSpec(5L, 1, 1, 6, false)).root().toString();
  }

  @AfterEach
  void stop() throws Exception {
    ws.close();
  }

  private ConnectorSpec connector(String id) {
    return DatabricksWorkspace.connector(id, source, DatabricksWorkspace.SHARING_ID);
  }

  private List<String> notes(SharelineActivities activities, String connector, String stage) {
    return new Ledger(activities.lakehouse()).all(connector).stream()
        .filter(a -> a.stage().equals(stage) && "SUCCEEDED".equals(a.outcome())).map(Ledger.Attempt::message).toList();
  }

  @Test
  void verifyReadsTheShareAsTheVerifierRecipientAndRecordsThatProof() {
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));

    Provisioned provisioned = activities.onboarding().provision(connector("acme"));
    DatabricksWorkspace.onboardAndDeliver(activities, connector("acme"));

    assertTrue(provisioned.proof().contains("open sharing protocol as shareline_acme_verifier"), provisioned.proof());
    List<String> proofs = notes(activities, "acme", "VERIFY");
    assertEquals(1, proofs.size());
    proofs.forEach(p -> assertTrue(p.contains("open sharing protocol"), p));
    List<String> lines = ws.emulator.apiCalls();
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("GET " + SHARING + "/shares/shareline_acme/all-tables")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("POST " + SHARING + "/shares/shareline_acme/schemas/shareline_acme/tables/")));
    assertEquals(java.util.Set.of("SELECT"), ws.emulator.privileges("shareline_acme", "shareline_acme_verifier"));
  }

  @Test
  void verifyFailsWhenTheVerifierCannotSeeTheTableThoughTheWarehouseCountMatches() {
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));
    ConnectorSpec spec = connector("acme");
    activities.onboarding().provision(spec);
    activities.onboarding().verifyEmptyShare(spec);
    RunRef run = activities.onboarding().planBackfill(spec).runs().get(0);
    DeliveryRequest request = new DeliveryRequest(spec, run, false);
    StagedRun staged = activities.delivery().stage(request);
    SchemaVersion version = activities.delivery().schema(request, staged);
    StagedBatch batch = new StagedBatch(spec, version, List.of(staged));
    activities.delivery().load(batch);
    activities.delivery().publish(batch);
    activities.delivery().share(batch);
    String full = "main.shareline_acme." + version.tableName();
    ws.emulator.hideFromSharing(full);

    ApplicationFailure failure = assertThrows(ApplicationFailure.class,
        () -> activities.delivery().verify(batch));

    assertEquals(Failures.VERIFY_MISMATCH.name(), failure.getType());
    assertTrue(failure.getOriginalMessage().contains("verifier recipient shareline_acme_verifier cannot see"),
        failure.getOriginalMessage());
    long warehouseCount = new DeltaTables(ws.s3.hadoopConf()).countRows(
        ws.emulator.table(full).get("storage_location").asText().replace("s3://", "s3a://"));
    assertEquals(staged.rowCount(), warehouseCount, "what a warehouse count would have seen");
  }

  @Test
  void withoutOpenSharingVerifyFallsBackToTheObjectStatusAndAWarehouseCountAndSaysSo() {
    ws.emulator.metastore("INTERNAL", 0);
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));

    Provisioned provisioned = activities.onboarding().provision(connector("acme"));
    DatabricksWorkspace.onboardAndDeliver(activities, connector("acme"));

    assertTrue(provisioned.proof().contains("warehouse count"), provisioned.proof());
    notes(activities, "acme", "VERIFY").forEach(p -> assertTrue(p.contains("warehouse count"), p));
    assertNull(ws.emulator.recipient("shareline_acme_verifier"));
    assertTrue(ws.emulator.calls().stream().anyMatch(c -> c.body().startsWith("{") && c.body().contains("SELECT COUNT(*)")));
  }

  @Test
  void aWorkerThatDidNotProvisionRotatesTheVerifierTokenAndReads() {
    ConnectorSpec spec = connector("acme");
    List<RunRef> runs = DatabricksWorkspace.onboard(ws.activities(ws.provider(ws.settings())), spec);
    ws.emulator.clearCalls();

    DatabricksWorkspace.deliver(ws.activities(ws.provider(ws.settings())), spec, runs.get(0));

    List<String> lines = ws.emulator.apiCalls();
    assertTrue(lines.contains("POST /api/2.1/unity-catalog/recipients/shareline_acme_verifier/rotate-token"), lines.toString());
    assertTrue(ws.emulator.calls().stream().anyMatch(c -> c.path().startsWith(SHARING) && c.status() == 200));
  }

  @Test
  void aShareUpdateOfMoreThanAHundredTablesGoesInRequestsOfAtMostAHundred() {
    DatabricksShareProvider provider = ws.provider(ws.settings());
    ConnectorSpec spec = connector("acme");
    ws.emulator.putShare("shareline_acme", "shareline connector acme");
    ws.emulator.putRecipient("shareline_acme", "DATABRICKS", DatabricksWorkspace.SHARING_ID, null);
    List<String> names = IntStream.range(0, 150).mapToObj(i -> "t" + i).toList();
    names.forEach(n -> ws.emulator.putTable("main.shareline_acme." + n, ws.storageRoot() + "/t"));
    ws.emulator.grant("schema:main.shareline_acme", ws.emulator.principal(), "USE_SCHEMA");

    provider.addToShare(spec, names);

    List<DatabricksEmulator.Call> updates = ws.emulator.calls().stream()
        .filter(c -> c.line().equals("PATCH /api/2.1/unity-catalog/shares/shareline_acme")).toList();
    assertEquals(List.of(200, 200), updates.stream().map(DatabricksEmulator.Call::status).toList());
    assertEquals(150, ws.emulator.shares().get("shareline_acme").get("objects").size());
  }

  @Test
  void aTokenRecipientsLifetimeIsCappedByTheMetastoresSetting() {
    ws.emulator.metastore("INTERNAL_AND_EXTERNAL", Duration.ofDays(7).toSeconds());
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));

    activities.onboarding().provision(DatabricksWorkspace.connector("acme", source, "acme-analytics"));

    long expires = ws.emulator.recipient("shareline_acme").get("tokens").get(0).get("expiration_time").asLong();
    assertTrue(expires <= Instant.now().plus(Duration.ofDays(7)).toEpochMilli(), "capped at the metastore's 7 days");
    assertTrue(ws.emulator.calls().stream().filter(c -> c.line().equals("POST /api/2.1/unity-catalog/recipients"))
        .allMatch(c -> c.body().contains("expiration_time")));
  }

  @Test
  void twoConnectorsOfOneCustomerHaveTheirOwnRecipientsAndRevokingOneLeavesTheOther() {
    SharelineActivities activities = ws.activities(ws.provider(ws.settings()));
    ConnectorSpec first = DatabricksWorkspace.connector("acme_sales", source, "acme");
    ConnectorSpec second = DatabricksWorkspace.connector("acme_ops", source, "acme");
    activities.onboarding().provision(first);
    activities.onboarding().provision(second);

    activities.onboarding().revoke(new RevokeRequest(first, false));

    assertNull(ws.emulator.recipient("shareline_acme_sales"));
    assertNotNull(ws.emulator.recipient("shareline_acme_ops"));
    assertEquals(java.util.Set.of("SELECT"), ws.emulator.privileges("shareline_acme_ops", "shareline_acme_ops"));
    assertFalse(ws.emulator.privileges("shareline_acme_sales", "shareline_acme_ops").contains("SELECT"));
  }
}
