package io.shareline.worker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharingSettingsTest {

  private static SharingSettings fromEnv(Map<String, String> env) {
    return WorkerSettings.resolve(WorkerSettings.Flags.none(), env).sharing();
  }

  @Test
  void theOutboxDefaultsToAFolderUnderTheDataFolderOnlyWhenEmbedded() {
    SharingSettings settings = fromEnv(Map.of());
    assertEquals(Path.of("/data", "activation-outbox").toString(), settings.outboxOr("/data", true));
    assertNull(settings.outboxOr("/data", false));
  }

  @Test
  void theFormerDatabricksOutboxNameIsStillReadWhenTheSharedOneIsUnset() {
    assertEquals("/old", fromEnv(Map.of("SHARELINE_DATABRICKS_ACTIVATION_OUTBOX", "/old")).activationOutbox());
    assertEquals("/new", fromEnv(Map.of("SHARELINE_DATABRICKS_ACTIVATION_OUTBOX", "/old",
        "SHARELINE_ACTIVATION_OUTBOX", "/new")).activationOutbox());
  }

  @Test
  void tokenLifetimeAndEndpointAreReadAndChecked() {
    SharingSettings settings = fromEnv(Map.of("SHARELINE_SHARING_ENDPOINT", "https://share.example.com/delta-sharing",
        "SHARELINE_SHARING_TOKEN_LIFETIME_DAYS", "30"));
    assertEquals("https://share.example.com/delta-sharing", settings.endpoint());
    assertEquals(Duration.ofDays(30), settings.tokenLifetime());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fromEnv(Map.of("SHARELINE_SHARING_TOKEN_LIFETIME_DAYS", "400")));
    assertTrue(e.getMessage().contains("sharing.token-lifetime-days"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> fromEnv(Map.of("SHARELINE_SHARING_ENDPOINT", "share.example")));
  }
}
