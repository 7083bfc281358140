package io.shareline.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.common.Failures;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.provider.ActivationOutbox;
import io.shareline.provider.ProviderException;
import io.shareline.provider.ShareProvider;
import io.shareline.provider.local.LocalShareProvider;
import io.shareline.provider.local.LocalSharing;
import io.shareline.sharing.client.SharingClient;
import io.shareline.sharing.client.SharingClientException;
import io.shareline.sharing.client.SharingProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local provider with a sharing server: token recipients' activation links, and VERIFY through the protocol. */
class LocalProviderSharingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private SharedLakehouse lake;
  private LocalShareProvider provider;
  private Path outbox;
  private final ConnectorSpec spec = new ConnectorSpec("acme", "/nowhere", "local", "acme-recipient", List.of(), false,
      null, null, ConnectorSpec.TOKEN_RECIPIENT);

  @BeforeEach
  void serve() {
    lake = new SharedLakehouse(dir.resolve("data"));
    outbox = dir.resolve("outbox");
    provider = new LocalShareProvider(lake.lakehouse, lake.tables,
        new LocalSharing(lake.server().endpoint(), ActivationOutbox.of(outbox.toString()), Duration.ofDays(30)));
  }

  @AfterEach
  void stop() {
    lake.close();
  }

  @Test
  void aTokenRecipientsActivationLinkGoesToTheOutboxOnceAndYieldsTheProfileOnce() throws Exception {
    provider.provision(spec, lake.lakehouse.storagePath("acme"));
    provider.provision(spec, lake.lakehouse.storagePath("acme"));
    JsonNode activation = onlyActivation();
    String url = activation.path("activation_url").asText();
    SharingProfile profile = io.shareline.lakehouse.JsonFiles.MAPPER.readValue(SharedLakehouse.get(url).body(), SharingProfile.class);
    assertEquals(lake.server().endpoint(), profile.endpoint());
    assertEquals(List.of("shareline_acme"), new SharingClient(profile).listShares());
    assertEquals(404, SharedLakehouse.get(url).statusCode());
  }

  @Test
  void rotatingHandsOutANewLinkAndEndsTheOldTokenAfterTheGrace() throws Exception {
    provider.provision(spec, lake.lakehouse.storagePath("acme"));
    SharingProfile first = io.shareline.lakehouse.JsonFiles.MAPPER.readValue(SharedLakehouse.get(onlyActivation().path("activation_url").asText()).body(),
        SharingProfile.class);
    provider.rotateToken(spec, Duration.ZERO);
    assertEquals(401, assertThrows(SharingClientException.class, () -> new SharingClient(first).listShares()).status());
    try (Stream<Path> files = Files.list(outbox)) {
      assertEquals(2, files.count());
    }
  }

  @Test
  void verifyProvesTheRowsTheRecipientReadsAtTheCurrentVersion() {
    lake.share("acme", "people", 10, 15);
    LocalShareProvider served = new LocalShareProvider(lake.lakehouse, lake.tables,
        new LocalSharing(lake.server().endpoint(), ActivationOutbox.of(outbox.toString()), Duration.ofDays(30)));
    long version = lake.tables.info(lake.lakehouse.tablePath("acme", "people")).version();

    assertEquals("sharing protocol (verifier recipient)",
        served.proveShared(SharedLakehouse.connector("acme"), expected("people", version, 25)));
    ProviderException e = assertThrows(ProviderException.class,
        () -> served.proveShared(SharedLakehouse.connector("acme"), expected("people", version, 26)));
    assertEquals(Failures.VERIFY_MISMATCH, e.type());
  }

  private static ShareProvider.ExpectedTable expected(String table, long version, long rows) {
    return new ShareProvider.ExpectedTable(table, version, List.of(), rows);
  }

  @Test
  void verifyFailsForATableTheShareDoesNotHold() {
    lake.share("acme", "people", 10);
    ProviderException e = assertThrows(ProviderException.class,
        () -> provider.proveShared(SharedLakehouse.connector("acme"), expected("orders", 0, 0)));
    assertEquals(Failures.VERIFY_MISMATCH, e.type());
  }

  @Test
  void theZeroDataCheckSeesTheShareThroughTheProtocolWithNoDataTable() {
    provider.provision(spec, lake.lakehouse.storagePath("acme"));
    assertEquals(0, provider.verifyEmptyShare(spec, MetadataTables.ALL).dataTables());
    lake.share("acme", "people", 3);
    assertEquals(1, provider.verifyEmptyShare(spec, MetadataTables.ALL).dataTables());
  }

  private JsonNode onlyActivation() throws Exception {
    try (Stream<Path> files = Files.list(outbox)) {
      List<Path> all = files.toList();
      assertEquals(1, all.size());
      JsonNode activation = JSON.readTree(all.get(0).toFile());
      assertTrue(activation.path("activation_url").asText().startsWith(lake.server().endpoint() + "/activation/"));
      return activation;
    }
  }

}
