package io.shareline.worker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.client.TemporalTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Connection, tuning, shutdown, codec and metrics settings: the same flag > env > file > default order. */
class OperationsSettingsTest {

  @TempDir Path tmp;

  /** The worker's flags, parsed from the arguments. */
  static WorkerOptions parsed(String... args) {
    CommandSpec spec = WorkerOptions.addFlags(CommandSpec.create(), Setting.Use.WORKER);
    new CommandLine(spec).parseArgs(args);
    return WorkerOptions.of(spec);
  }

  private static WorkerSettings fromEnv(Map<String, String> env) {
    return WorkerSettings.resolve(WorkerSettings.Flags.none(), env);
  }

  private static String failure(Map<String, String> env) {
    return assertThrows(IllegalArgumentException.class, () -> fromEnv(env)).getMessage();
  }

  @Test
  void everyKeyHasAnEnvironmentVariableAndTheRequiredOnesAreTheConnectionAndDataFolder() {
    Map<String, String> variables = WorkerSettings.environmentVariables();

    Set<String> expected = new java.util.LinkedHashSet<>();
    for (Setting setting : Setting.values()) {
      expected.add(setting.key());
    }
    // environment only, never a file key
    expected.addAll(Set.of("databricks.token", "databricks.client-secret", "snowflake.private-key"));
    assertEquals(expected, variables.keySet());
    assertEquals("DATABRICKS_TOKEN", variables.get("databricks.token"));
    assertEquals("TEMPORAL_TLS_CERT", variables.get("temporal.tls-cert"));
    assertEquals("SHARELINE_METRICS_PORT", variables.get("metrics.port"));
    assertEquals(variables.size(), Set.copyOf(variables.values()).size());
    assertEquals(Set.of("SHARELINE_DATA_DIR", "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE"),
        WorkerSettings.requiredEnvironmentVariables());
  }

  @Test
  void withoutTlsSettingsTheConnectionIsPlaintext() {
    WorkerSettings settings = fromEnv(Map.of());

    assertNull(settings.temporal().tls());
    assertNull(settings.temporal().apiKey());
  }

  @Test
  void mutualTlsFilesComeFromTheEnvironment() {
    WorkerSettings settings = fromEnv(Map.of("TEMPORAL_ADDRESS", "acme.tmprl.cloud:7233", "TEMPORAL_NAMESPACE",
        "acme.prod", "TEMPORAL_TLS_CERT", "/certs/client.pem", "TEMPORAL_TLS_KEY", "/certs/client.key",
        "TEMPORAL_TLS_CA", "/certs/ca.pem"));

    assertEquals(new TemporalTarget("acme.tmprl.cloud:7233", "acme.prod", new TemporalTarget.Tls(
        Path.of("/certs/client.pem"), Path.of("/certs/client.key"), Path.of("/certs/ca.pem"), null), null),
        settings.temporal());
  }

  @Test
  void anApiKeyTurnsTlsOnAndNeverShowsInTheDescription() {
    WorkerSettings settings = fromEnv(Map.of("TEMPORAL_API_KEY", "very-secret"));

    assertEquals(TemporalTarget.Tls.SERVER_ONLY, settings.temporal().tls());
    assertEquals("very-secret", settings.temporal().apiKey());
    assertFalse(settings.temporal().toString().contains("very-secret"));
    assertFalse(settings.toString().contains("very-secret"));
  }

  @Test
  void anApiKeyWithTlsTurnedOffIsRefused() {
    String message = failure(Map.of("TEMPORAL_API_KEY", "k", "TEMPORAL_TLS", "false"));

    assertTrue(message.contains("never sent in plaintext"), message);
    assertFalse(message.contains("=k"), message);
  }

  @Test
  void aCertificateWithoutItsKeyFailsNamingBoth() {
    String message = failure(Map.of("TEMPORAL_TLS_CERT", "/certs/client.pem"));

    assertTrue(message.contains("tls-cert and tls-key go together"), message);
    assertTrue(message.contains("TEMPORAL_TLS_CERT"), message);
  }

  @Test
  void tuningDefaultsSuitTwoCoresAndFlagsOverrideThem() {
    assertEquals(WorkerTuning.DEFAULTS, fromEnv(Map.of()).tuning());

    WorkerOptions options = parsed("--max-concurrent-workflow-tasks", "8", "--activity-pollers", "3",
        "--workflow-pollers", "4", "--workflow-cache-size", "0", "--shutdown-grace", "2m");
    WorkerSettings settings = WorkerSettings.resolve(options.flags(),
        Map.of("SHARELINE_MAX_CONCURRENT_WORKFLOW_TASKS", "6", "SHARELINE_MAX_CONCURRENT_ACTIVITIES", "5"));

    assertEquals(new WorkerTuning(5, 8, 3, 4, 0, Duration.ofMinutes(2)), settings.tuning());
  }

  @Test
  void shutdownGraceAcceptsSecondsMillisAndIsoAndRejectsTheRestNamingTheSource() throws IOException {
    assertEquals(Duration.ofMillis(500), fromEnv(Map.of("SHARELINE_SHUTDOWN_GRACE", "500ms")).tuning().shutdownGrace());
    assertEquals(Duration.ofSeconds(45), fromEnv(Map.of("SHARELINE_SHUTDOWN_GRACE", "PT45S")).tuning().shutdownGrace());
    Path file = Files.writeString(tmp.resolve("w.properties"), "shutdown-grace = soon\n");

    String message = assertThrows(IllegalArgumentException.class,
        () -> WorkerSettings.resolve(WorkerSettings.Flags.configFileOnly(file), Map.of())).getMessage();

    assertTrue(message.startsWith("shutdown-grace must be a duration"), message);
    assertTrue(message.contains(file.toString()), message);
  }

  @Test
  void oneWorkflowPollerIsRefused() {
    String message = failure(Map.of("SHARELINE_WORKFLOW_POLLERS", "1"));

    assertTrue(message.startsWith("workflow-pollers must be a whole number from 2"), message);
  }

  @Test
  void metricsAreOffUntilAPortIsGivenAndListenOnLoopback() {
    assertFalse(fromEnv(Map.of()).metrics().enabled());

    WorkerOptions options = parsed("--metrics-port", "9464");
    MetricsSettings metrics = WorkerSettings.resolve(options.flags(), Map.of()).metrics();

    assertEquals(new MetricsSettings(9464, "127.0.0.1"), metrics);
  }

  @Test
  void theCodecEndpointNeedsATokenAndKeys() {
    String noToken = failure(Map.of("SHARELINE_CODEC_PORT", "8081", "SHARELINE_CODEC_KEYS", "k1:AAAA"));
    String noKeys = failure(Map.of("SHARELINE_CODEC_PORT", "8081", "SHARELINE_CODEC_TOKEN", "t"));

    assertTrue(noToken.contains("SHARELINE_CODEC_TOKEN"), noToken);
    assertTrue(noKeys.contains("SHARELINE_CODEC_KEYS"), noKeys);
  }

  @Test
  void codecSecretsNeverShowInTheSettingsDescription() {
    WorkerSettings settings = fromEnv(Map.of("SHARELINE_CODEC_KEYS", "k1:c2VjcmV0LWtleQ==", "SHARELINE_CODEC_PORT",
        "8081", "SHARELINE_CODEC_TOKEN", "token-value"));

    assertTrue(settings.codec().encrypts());
    assertFalse(settings.toString().contains("c2VjcmV0LWtleQ"), settings.toString());
    assertFalse(settings.toString().contains("token-value"), settings.toString());
  }
}
