package io.shareline.provider.databricks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.shareline.common.Failures;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.provider.ActivationOutbox;
import io.shareline.provider.ProviderException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Errors classified by their code and SQL state, each with the operator's next step; no S3 needed. */
class DatabricksErrorsTest {
  private static final String UC = "/api/2.1/unity-catalog/";
  private static final String ROOT = "s3://bucket/data";
  private DatabricksEmulator emulator;

  @BeforeEach
  void start() throws Exception {
    emulator = DatabricksWorkspace.leastPrivilege(DatabricksEmulator.withToken(new Configuration(),
        DatabricksWorkspace.TOKEN), ROOT);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private DatabricksShareProvider provider(String host, Clock clock) {
    DatabricksSettings settings = new DatabricksSettings(host, DatabricksWorkspace.CATALOG, ROOT,
        DatabricksEmulator.WAREHOUSE_ID, new DatabricksSettings.Pat(DatabricksWorkspace.TOKEN), null, 0, null);
    return new DatabricksShareProvider(settings, ActivationOutbox.of(null), DeltaSharingProtocolReader::new, clock);
  }

  private ProviderException provisionFails(DatabricksShareProvider provider) {
    ConnectorSpec spec = DatabricksWorkspace.connector("acme", "/src", DatabricksWorkspace.SHARING_ID);
    return assertThrows(ProviderException.class, () -> provider.provision(spec, "s3a://bucket/data/lakehouse/acme"));
  }

  @Test
  void endpointNotFoundIsAProviderConfigurationErrorNotAMissingObject() {
    emulator.inject(new DatabricksEmulator.Fault("GET", UC + "tables/", 404, "ENDPOINT_NOT_FOUND", null));

    ProviderException e = provisionFails(provider(emulator.host(), Clock.systemUTC()));

    assertEquals(Failures.PROVIDER_CONFIG, e.type());
    assertFalse(e.type().retryable());
    assertTrue(e.getMessage().contains("set databricks.host to the workspace URL"), e.getMessage());
    assertTrue(emulator.apiCalls().stream().noneMatch(l -> l.startsWith("POST /api/2.0/sql/statements")),
        "nothing was created for an object only thought absent");
  }

  @Test
  void featureDisabledIsAProviderConfigurationErrorNamingTheFeature() {
    emulator.inject(new DatabricksEmulator.Fault("POST", UC + "schemas", 404, "FEATURE_DISABLED", null));

    ProviderException e = provisionFails(provider(emulator.host(), Clock.systemUTC()));

    assertEquals(Failures.PROVIDER_CONFIG, e.type());
    assertTrue(e.getMessage().contains("enable Delta Sharing"), e.getMessage());
  }

  @Test
  void aHostThatIsNotAWorkspaceAnswersWithoutCodeAndIsAConfigurationError() throws Exception {
    HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext("/", ex -> {
      byte[] page = "<html>Not Found</html>".getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/html");
      ex.sendResponseHeaders(404, page.length);
      ex.getResponseBody().write(page);
      ex.close();
    });
    site.start();
    try {
      ProviderException e = provisionFails(provider("http://127.0.0.1:" + site.getAddress().getPort(), Clock.systemUTC()));

      assertEquals(Failures.PROVIDER_CONFIG, e.type(), e.getMessage());
      assertTrue(e.getMessage().contains("databricks.host"), e.getMessage());
    } finally {
      site.stop(0);
    }
  }

  @Test
  void aCreateTableWithoutCreateExternalTableFailsByItsSqlStateAndSaysWhatToGrant() {
    emulator.revoke("external_location:shareline_data", emulator.principal(), "CREATE_EXTERNAL_TABLE");

    ProviderException e = provisionFails(provider(emulator.host(), Clock.systemUTC()));

    assertEquals(Failures.PROVIDER_PERMISSION_DENIED, e.type());
    assertTrue(e.getMessage().contains("SQL state 42501"), e.getMessage());
    assertTrue(e.getMessage().contains("CREATE EXTERNAL TABLE"), e.getMessage());
    assertFalse(e.getMessage().contains(DatabricksWorkspace.TOKEN));
  }

  @Test
  void aStatementStillRunningAtTheDeadlineIsCancelledAndRetryable() {
    emulator.statementPolls(1_000);
    AtomicLong minutes = new AtomicLong();
    Clock stepping = new Clock() {
      @Override
      public Instant instant() {
        return Instant.EPOCH.plus(Duration.ofMinutes(minutes.getAndIncrement()));
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };

    ProviderException e = provisionFails(provider(emulator.host(), stepping));

    assertEquals(Failures.PROVIDER_TRANSIENT, e.type());
    assertTrue(e.getMessage().contains("was cancelled"), e.getMessage());
    assertTrue(emulator.apiCalls().stream().anyMatch(l -> l.matches("POST /api/2.0/sql/statements/.+/cancel")));
  }

  @Test
  void everyDocumentedCodeHasANextStep() {
    DatabricksErrors.BY_CODE.forEach((code, meaning) -> assertTrue(meaning.nextStep().length() > 20, code));
    assertEquals(Failures.PROVIDER_INVALID, DatabricksErrors.meaning("SHARE_DOES_NOT_EXIST", 404).type());
    assertEquals(Failures.PROVIDER_CONFIG, DatabricksErrors.meaning("CATALOG_DOES_NOT_EXIST", 404).type());
  }
}
