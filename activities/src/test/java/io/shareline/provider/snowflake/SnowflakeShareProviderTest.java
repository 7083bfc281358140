package io.shareline.provider.snowflake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.common.Failures;
import io.shareline.connector.ConnectorSpec;
import io.shareline.connector.EmptyShareVerified;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.provider.ProviderException;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class SnowflakeShareProviderTest {
  private static final String BUCKET = "s3://shareline-ingest/data/";
  @AutoClose
  private final SnowflakeAccounts accounts = new SnowflakeAccounts();

  private SnowflakeShareProvider provider(String stageRoot) {
    return new SnowflakeShareProvider(accounts.provider(), SnowflakeAccounts.INTEGRATION, stageRoot);
  }

  private static ConnectorSpec connector(String consumer) {
    return new ConnectorSpec("acme", "/source", SnowflakeShareProvider.NAME, consumer, List.of(), true);
  }

  @Test
  void aProvisionedConnectorSharesNothingYetAndProvisioningAgainChangesNothing() {
    ConnectorSpec spec = connector("ACME.ANALYTICS@AWS_US_EAST_1");
    provider(BUCKET).provision(spec, "/data/lakehouse/acme");
    provider(BUCKET).provision(spec, "/data/lakehouse/acme");

    EmptyShareVerified verified = provider(BUCKET).verifyEmptyShare(spec, MetadataTables.ALL);
    assertEquals(new EmptyShareVerified("SHARELINE_ACME", "ACME.ANALYTICS", true, 0), verified);
  }

  @Test
  void aConsumerInAnotherRegionFailsProvisioningWithWhatToEnable() {
    ProviderException e = assertThrows(ProviderException.class, () -> provider(BUCKET).provision(
        connector("ACME.EUROPE@AWS_EU_WEST_1"), "/data/lakehouse/acme"));
    assertEquals(Failures.PROVIDER_CONFIG, e.type());
    assertTrue(e.getMessage().contains("private listing with cross-region auto-fulfillment"), e.getMessage());
  }

  @Test
  void aDataFolderOffS3FailsProvisioningWithTheSettingToUse() {
    assertEquals(null, SnowflakeShareProvider.stageRootOf("/var/shareline"));
    assertEquals("s3://bucket/data", SnowflakeShareProvider.stageRootOf("s3a://bucket/data"));
    ProviderException e = assertThrows(ProviderException.class, () -> provider(null).provision(
        connector("ACME.ANALYTICS"), "/data/lakehouse/acme"));
    assertEquals(Failures.PROVIDER_CONFIG, e.type());
    assertTrue(e.getMessage().contains("snowflake.stage-url"), e.getMessage());
  }

  @Test
  void revokingRemovesTheAccountOnceAndIsProvedGone() {
    ConnectorSpec spec = connector("ACME.ANALYTICS");
    provider(BUCKET).provision(spec, "/data/lakehouse/acme");

    assertTrue(provider(BUCKET).revoke(spec, false));
    assertEquals(false, provider(BUCKET).revoke(spec, false));
    assertEquals(false, provider(BUCKET).view(spec).granted());
  }
}
