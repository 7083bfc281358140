package io.shareline.worker.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.client.TemporalTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerSettingsTest {

  @TempDir Path tmp;

  /** Flags with only a config file (null for none). */
  private static WorkerSettings.Flags fileOnly(Path config) {
    return WorkerSettings.Flags.configFileOnly(config);
  }

  private static WorkerSettings settings(String dataDir, String address, String namespace, int port, int slots) {
    WorkerTuning tuning = WorkerTuning.DEFAULTS;
    return new WorkerSettings(dataDir, port, TemporalTarget.plain(address, namespace),
        new WorkerTuning(slots, tuning.maxConcurrentWorkflowTasks(), tuning.activityPollers(), tuning.workflowPollers(),
            tuning.workflowCacheSize(), tuning.shutdownGrace()),
        new CodecSettings(null, null, null, WorkerSettings.LOOPBACK, null, WorkerSettings.DEFAULT_CODEC_CORS_ORIGIN),
        new MetricsSettings(null, WorkerSettings.LOOPBACK), Map.of());
  }

  private Path config(String properties) throws IOException {
    return Files.writeString(tmp.resolve("worker.properties"), properties);
  }

  private static String failure(WorkerSettings.Flags flags, Map<String, String> env) {
    return assertThrows(IllegalArgumentException.class, () -> WorkerSettings.resolve(flags, env)).getMessage();
  }

  @Test
  void withNothingGivenEverySettingIsItsDefault() {
    WorkerSettings settings = WorkerSettings.resolve(fileOnly(null), Map.of());

    assertEquals(settings(WorkerSettings.DEFAULT_DATA_DIR, WorkerSettings.DEFAULT_ADDRESS,
        WorkerSettings.DEFAULT_NAMESPACE, WorkerSettings.DEFAULT_PORT,
        WorkerTuning.DEFAULT_MAX_CONCURRENT_ACTIVITIES), settings);
  }

  @Test
  void aConfigFileBeatsTheDefaults() throws IOException {
    Path file = config("""
        data-dir = /from/file
        temporal.address = file-host:7000
        temporal.namespace = file-ns
        port = 7001
        max-concurrent-activities = 7
        """);

    WorkerSettings settings = WorkerSettings.resolve(fileOnly(file), Map.of());

    assertEquals(settings("/from/file", "file-host:7000", "file-ns", 7001, 7), settings);
  }

  @Test
  void theEnvironmentBeatsTheConfigFile() throws IOException {
    Path file = config("data-dir=/from/file\ntemporal.address=file-host:7000\ntemporal.namespace=file-ns\n"
        + "port=7001\nmax-concurrent-activities=7\n");
    Map<String, String> env = Map.of("SHARELINE_DATA_DIR", "/from/env", "TEMPORAL_ADDRESS", "env-host:8000",
        "TEMPORAL_NAMESPACE", "env-ns", "SHARELINE_TEMPORAL_PORT", "8001", "SHARELINE_MAX_CONCURRENT_ACTIVITIES", "8");

    WorkerSettings settings = WorkerSettings.resolve(fileOnly(file), env);

    assertEquals(settings("/from/env", "env-host:8000", "env-ns", 8001, 8), settings);
  }

  @Test
  void aFlagBeatsTheEnvironmentAndTheConfigFile() throws IOException {
    Path file = config("data-dir=/from/file\ntemporal.address=file-host:7000\ntemporal.namespace=file-ns\n"
        + "port=7001\nmax-concurrent-activities=7\n");
    Map<String, String> env = Map.of("SHARELINE_DATA_DIR", "/from/env", "TEMPORAL_ADDRESS", "env-host:8000",
        "TEMPORAL_NAMESPACE", "env-ns", "SHARELINE_TEMPORAL_PORT", "8001", "SHARELINE_MAX_CONCURRENT_ACTIVITIES", "8");
    WorkerSettings.Flags flags = new WorkerSettings.Flags(Map.of("data-dir", "/from/flag", "temporal.address",
        "flag-host:9000", "temporal.namespace", "flag-ns", "port", "9001", "max-concurrent-activities", "9"), file);

    WorkerSettings settings = WorkerSettings.resolve(flags, env);

    assertEquals(settings("/from/flag", "flag-host:9000", "flag-ns", 9001, 9), settings);
  }

  @Test
  void anUnknownConfigKeyFailsNamingTheKey() throws IOException {
    Path file = config("data-dir=/d\ndatadir=/typo\n");

    String message = failure(fileOnly(file), Map.of());

    assertTrue(message.contains("datadir") && message.contains(file.toString()), message);
  }

  @Test
  void aBadPortInTheEnvironmentFailsNamingTheKeyAndTheVariable() {
    String message = failure(fileOnly(null), Map.of("SHARELINE_TEMPORAL_PORT", "70000"));

    assertTrue(message.startsWith("port must be a whole number from 0 to 65535, got '70000'"), message);
    assertTrue(message.contains("environment variable SHARELINE_TEMPORAL_PORT"), message);
  }

  @Test
  void aBadPortFlagFailsNamingTheFlag() {
    String message = failure(new WorkerSettings.Flags(Map.of("port", "-1"), null), Map.of());

    assertTrue(message.startsWith("port must be a whole number"), message);
    assertTrue(message.contains("--port flag"), message);
  }

  @Test
  void badActivitySlotsInTheConfigFileFailNamingTheKeyAndTheFile() throws IOException {
    Path file = config("max-concurrent-activities = many\n");

    String message = failure(fileOnly(file), Map.of());

    assertTrue(message.startsWith("max-concurrent-activities must be a whole number from 1 to 1000, got 'many'"),
        message);
    assertTrue(message.contains(file.toString()), message);
  }

  @Test
  void zeroActivitySlotsFromAFlagFailNamingTheFlag() {
    String message = failure(new WorkerSettings.Flags(Map.of("max-concurrent-activities", "0"), null), Map.of());

    assertTrue(message.startsWith("max-concurrent-activities must be a whole number"), message);
    assertTrue(message.contains("--max-concurrent-activities flag"), message);
  }

  @Test
  void hadoopKeysPassThroughWithoutTheirPrefix() throws IOException {
    Path file = config("hadoop.fs.s3a.endpoint = http://minio:9000\nhadoop.fs.s3a.path.style.access=true\n");

    WorkerSettings settings = WorkerSettings.resolve(fileOnly(file), Map.of());

    assertEquals(Map.of("fs.s3a.endpoint", "http://minio:9000", "fs.s3a.path.style.access", "true"),
        settings.hadoop());
  }

  @Test
  void aMissingConfigFileFailsNamingIt() {
    Path missing = tmp.resolve("nowhere.properties");

    String message = failure(fileOnly(missing), Map.of());

    assertAll(() -> assertTrue(message.contains(missing.toString()), message),
        () -> assertTrue(message.contains("does not exist"), message));
  }

  @Test
  void aDatabricksWorkspaceComesFromTheEnvironmentWithItsTokenNeverPrinted() {
    Map<String, String> env = Map.of("SHARELINE_DATABRICKS_HOST", "https://dbc-1.cloud.databricks.com",
        "SHARELINE_DATABRICKS_CATALOG", "main", "SHARELINE_DATABRICKS_STORAGE_ROOT", "s3://bucket/shareline",
        "SHARELINE_DATABRICKS_WAREHOUSE_ID", "wh1", "DATABRICKS_TOKEN", "dapi-secret-123");

    WorkerSettings settings = WorkerSettings.resolve(fileOnly(null), env);

    assertEquals("main", settings.databricks().catalog());
    assertEquals(new io.shareline.provider.databricks.DatabricksSettings.Pat("dapi-secret-123"), settings.databricks().auth());
    assertTrue(!settings.toString().contains("dapi-secret-123"), settings.toString());
  }

  @Test
  void aServicePrincipalSecretComesFromASecretFile() throws IOException {
    Path secret = Files.writeString(tmp.resolve("client-secret"), "sp-secret\n");
    Path file = config("databricks.host=https://dbc-1\ndatabricks.catalog=main\ndatabricks.storage-root=s3://b/p\n"
        + "databricks.warehouse-id=wh\ndatabricks.client-id=sp-1\ndatabricks.client-secret-file=" + secret + "\n");

    WorkerSettings settings = WorkerSettings.resolve(fileOnly(file), Map.of());

    assertEquals(new io.shareline.provider.databricks.DatabricksSettings.ServicePrincipal("sp-1", "sp-secret"),
        settings.databricks().auth());
  }

  @Test
  void aSecretWrittenIntoTheConfigFileIsRefused() throws IOException {
    Path file = config("databricks.host=https://dbc-1\ndatabricks.token=dapi-in-a-file\n");

    String message = failure(fileOnly(file), Map.of());

    assertTrue(message.contains("databricks.token"), message);
    assertTrue(!message.contains("dapi-in-a-file"), message);
  }

  @Test
  void aDatabricksHostWithoutCredentialsIsRefused() {
    String message = failure(fileOnly(null), Map.of("SHARELINE_DATABRICKS_HOST", "https://dbc-1"));

    assertTrue(message.contains("DATABRICKS_TOKEN"), message);
  }
}
