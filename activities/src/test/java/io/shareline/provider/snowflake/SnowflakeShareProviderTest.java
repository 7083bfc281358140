package io.shareline.provider.snowflake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.common.Failures;
import io.shareline.connector.EmptyShareVerified;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.RunRef;
import io.shareline.delivery.SchemaVersion;
import io.shareline.delivery.StagedBatch;
import io.shareline.delivery.StagedRun;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.provider.ProviderException;
import io.shareline.schema.PublicField;
import io.shareline.schema.SourceType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
  void verifyCatchesAJobWhoseRowsAreNotAllInTheProviderTableAndMovesLatestOnlyWhenTheyAre() {
    ConnectorSpec spec = connector("ACME.ANALYTICS");
    SnowflakeShareProvider provider = provider(BUCKET);
    provider.provision(spec, "/data/lakehouse/acme");
    accounts.emulator.stageFile(BUCKET + "staging/acme/shop/job-1/part-0.parquet", List.of(
        Map.of("title", "a", "shareline_job_id", "job-1"), Map.of("title", "b", "shareline_job_id", "job-1")));
    StagedBatch batch = batch(spec, 2);
    provider.load(batch);
    provider.publish(batch, List.of(new MetadataTables.RunRow("job-1", "shop", 1, "wf_shop__v1", 2, Map.of(),
        Instant.EPOCH, Instant.EPOCH, Instant.EPOCH)));
    provider.addToShare(spec, List.of("wf_shop__v1", MetadataTables.RUNS));

    ProviderException e = assertThrows(ProviderException.class, () -> provider.verify(batch(spec, 3)));
    assertEquals(Failures.VERIFY_MISMATCH, e.type());
    assertTrue(e.getMessage().contains("holds 2 rows of job job-1, 3 were staged"), e.getMessage());
    assertEquals(List.of("wf_shop__v1", MetadataTables.RUNS), List.copyOf(provider.view(spec).tables().keySet()));

    provider.verify(batch);
    assertTrue(provider.view(spec).tables().containsKey("wf_shop__latest"));
  }

  /** One run of workflow shop, schema version 1 (the newest), with {@code rows} staged in one file. */
  private static StagedBatch batch(ConnectorSpec spec, long rows) {
    StagedRun run = new StagedRun(new RunRef("shop", "job-1"), "s3a://shareline-ingest/data/staging/acme/shop/job-1",
        List.of(new StagedRun.StagedFile("s3a://shareline-ingest/data/staging/acme/shop/job-1/part-0.parquet", 10, rows)),
        rows, "fp", List.of(new PublicField("title", "title", SourceType.of(SourceType.Kind.STRING), true)),
        new StagedRun.DeliveryColumns("shareline_job_id", "shareline_run_finished_at", "shareline_delivered_at"),
        new StagedRun.RunTimes(Instant.EPOCH, Instant.EPOCH, Instant.EPOCH), Map.of());
    return new StagedBatch(spec, new SchemaVersion("shop", 1, "fp", "wf_shop__v1", 1), List.of(run));
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
