package io.shareline.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.shareline.common.Failures;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationOutboxTest {
  private static final ActivationOutbox.Activation ACTIVATION = new ActivationOutbox.Activation("acme", "acme_analytics",
      "token-1", "https://example.invalid/delta_sharing/retrieve_config.html?secret-part", Instant.parse("2027-01-01T00:00:00Z"));

  @TempDir Path dir;

  @Test
  void aFileDropIsReadableByItsOwnerOnly() throws Exception {
    ActivationOutbox.of(dir.toString()).deliver(ACTIVATION);

    try (Stream<Path> files = Files.list(dir)) {
      Path dropped = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dropped)));
      assertEquals(ACTIVATION.activationUrl(), new ObjectMapper().readTree(dropped.toFile()).get("activation_url").asText());
    }
  }

  @Test
  void aWebhookReceivesTheActivationAsJson() throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", ex -> {
      received.add(new ObjectMapper().readTree(ex.getRequestBody()));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.start();
    try {
      ActivationOutbox.of("http://127.0.0.1:" + server.getAddress().getPort() + "/hook").deliver(ACTIVATION);
    } finally {
      server.stop(0);
    }

    assertEquals(1, received.size());
    assertEquals("token-1", received.get(0).get("token_id").asText());
    assertEquals(ACTIVATION.activationUrl(), received.get(0).get("activation_url").asText());
  }

  @Test
  void noOutboxRefusesAndItsMessageCarriesNoLink() {
    ProviderException e = assertThrows(ProviderException.class, () -> ActivationOutbox.of(" ").deliver(ACTIVATION));

    assertEquals(Failures.CONFIG_INVALID, e.type());
    assertFalse(e.getMessage().contains("secret-part"));
    assertFalse(ACTIVATION.toString().contains("secret-part"));
  }
}
