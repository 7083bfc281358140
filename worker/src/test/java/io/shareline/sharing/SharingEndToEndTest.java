package io.shareline.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareline.client.SharelineClient;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delta.DeltaTables;
import io.shareline.sharing.credential.RecipientTokens;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.worker.config.WorkerSettings;
import io.shareline.worker.process.WorkerProcess;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded worker delivers two connectors with token recipients; each recipient activates its link from
 * the outbox and reads every shared table through the protocol with the test's own client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class SharingEndToEndTest {
  @TempDir static Path tmp;
  private WorkerProcess process;
  private SharelineClient client;
  private final Map<String, JsonNode> profiles = new TreeMap<>();

  @BeforeAll
  void deliverTwoConnectors() throws IOException {
    Map<String, String> flags = Map.of("data-dir", data().toString(), "port", "0", "sharing.port", "0",
        "shutdown-grace", "5s");
    process = WorkerProcess.start(WorkerSettings.resolve(new WorkerSettings.Flags(flags, null), Map.of()), true);
    client = new SharelineClient(process.connection().client());
    for (String connector : List.of("north", "south")) {
      Path source = tmp.resolve("source-" + connector);
      SampleSourceGenerator.generate(source, connector.equals("north") ? new SampleSpec(8L, 1, 2, 15, false)
          : new SampleSpec(5L, 1, 1, 5, false));
      client.createConnector(new ConnectorSpec(connector, source.toAbsolutePath().toString(), "local",
          connector + "-recipient", List.of(), true, null, null, ConnectorSpec.TOKEN_RECIPIENT));
    }
    for (String connector : List.of("north", "south")) {
      ConnectorState state = client.awaitIdle(connector, Duration.ofMinutes(3));
      assertTrue(state.failed().isEmpty(), "failed deliveries: " + state.failed());
      profiles.put(connector, activate(connector));
    }
  }

  @AfterAll
  void stop() {
    if (process != null) {
      process.close();
    }
  }

  @Test
  @Order(1)
  void everySharedTableReadsThroughTheProtocolAsDelivered() throws IOException {
    ProtocolReader north = reader("north");
    List<JsonNode> tables = north.allTables();
    List<String> names = tables.stream().map(t -> t.path("name").asText()).sorted().toList();
    List<String> published;
    try (Stream<Path> folders = Files.list(data().resolve("lakehouse").resolve("north"))) {
      published = folders.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(published, names);
    DeltaTables delta = new DeltaTables(new Configuration());
    for (JsonNode table : tables) {
      String path = data().resolve("lakehouse").resolve("north").resolve(table.path("name").asText()).toString();
      assertEquals(canonical(delta.readAll(path)), canonical(north.rows(table)), table.path("name").asText());
    }
  }

  @Test
  @Order(2)
  void oneConnectorsTokenSeesNothingOfAnothers() throws IOException {
    ProtocolReader south = reader("south");
    assertTrue(south.allTables().stream().allMatch(t -> t.path("share").asText().equals("shareline_south")));
    assertEquals(404, south.query("shareline_north", "shareline_north", "workflows").status());
    assertEquals(404, south.get("/shares/shareline_north/all-tables").status());
  }

  @Test
  @Order(3)
  void aTamperedFileUrlIsRefused() {
    ProtocolReader north = reader("north");
    JsonNode file = north.query("shareline_north", "shareline_north", "workflows").lines().stream()
        .filter(l -> l.has("file")).findFirst().orElseThrow().path("file");
    String url = file.path("url").asText();
    assertEquals(200, north.fetch(url).statusCode());
    String tampered = url.replaceFirst("expires=(\\d)", "expires=9$1");
    assertEquals(403, north.fetch(tampered).statusCode());
  }

  @Test
  @Order(4)
  void anExpiredTokenIsRefused() {
    RecipientTokens past = new RecipientTokens(process.activities().lakehouse(),
        Clock.fixed(Instant.now().minus(Duration.ofDays(100)), ZoneOffset.UTC));
    RecipientTokens.Issued link = past.issueActivation("north", "north-recipient", Duration.ofDays(90));
    String token = past.redeem(link.secret()).orElseThrow().secret();
    JsonNode expired = ProtocolReader.JSON.createObjectNode().put("endpoint", profiles.get("north").path("endpoint")
        .asText()).put("bearerToken", token);
    assertEquals(401, new ProtocolReader(expired, tmp).get("/shares").status());
  }

  @Test
  @Order(5)
  void revokingTheConnectorFailsTheRecipientsNextRequestWith401() {
    ProtocolReader north = reader("north");
    assertEquals(200, north.get("/shares").status());
    client.revoke("north", false, true);
    assertEquals(401, north.get("/shares").status());
    assertEquals(200, reader("south").get("/shares").status());
  }

  /** The recipient's side: the outbox file's activation_url, fetched once, is the profile. */
  private JsonNode activate(String connector) throws IOException {
    Path outbox = data().resolve("activation-outbox");
    List<Path> files;
    try (Stream<Path> all = Files.list(outbox)) {
      files = all.filter(p -> p.getFileName().toString().startsWith(connector + "-")).toList();
    }
    assertEquals(1, files.size(), "activation files of " + connector);
    String url = ProtocolReader.JSON.readTree(files.get(0).toFile()).path("activation_url").asText();
    ProtocolReader anonymous = new ProtocolReader(ProtocolReader.JSON.createObjectNode(), tmp);
    var first = anonymous.fetch(url);
    assertEquals(200, first.statusCode());
    assertEquals(404, anonymous.fetch(url).statusCode());
    JsonNode profile = ProtocolReader.JSON.readTree(first.body());
    assertFalse(profile.path("bearerToken").asText().isEmpty());
    return profile;
  }

  private ProtocolReader reader(String connector) {
    return new ProtocolReader(profiles.get(connector), tmp.resolve("downloads-" + connector));
  }

  private static Path data() {
    return tmp.resolve("data");
  }

  /** Rows as sorted text, values in one rendering on both sides (decimals without trailing zeros). */
  private static List<String> canonical(List<Map<String, Object>> rows) {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Map<String, String> sorted = new TreeMap<>();
      row.forEach((k, v) -> sorted.put(k, render(v)));
      out.add(sorted.toString());
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  private static String render(Object value) {
    if (value instanceof BigDecimal d) {
      return d.stripTrailingZeros().toPlainString();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(SharingEndToEndTest::render).toList().toString();
    }
    return String.valueOf(value);
  }
}
