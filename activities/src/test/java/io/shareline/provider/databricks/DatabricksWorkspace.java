package io.shareline.provider.databricks;

import io.shareline.activities.SharelineActivities;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.DeliveryRequest;
import io.shareline.delivery.PipelineHarness;
import io.shareline.delivery.RunRef;
import io.shareline.delivery.StagedRun;
import io.shareline.delivery.stages.DeliveryActivitiesImpl;
import io.shareline.provider.ActivationOutbox;
import io.shareline.s3.S3ProxyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A loopback Databricks workspace for tests: the emulator, S3 (S3Proxy) holding the lakehouse, a
 * provider configured against both, and the real activities over them.
 */
public final class DatabricksWorkspace implements AutoCloseable {
  public static final String CATALOG = "main";
  public static final String TOKEN = "dapi-test-0123456789abcdef-secret";
  public static final String SHARING_ID = "aws:us-west-2:19a85dee-54bc-43a2-87ab-023d0ec16013";

  public final S3ProxyServer s3;
  public final DatabricksEmulator emulator;
  public final Path outbox;
  private final String prefix;
  private final boolean ownsS3;

  private DatabricksWorkspace(S3ProxyServer s3, String prefix, boolean ownsS3, Path outbox) throws Exception {
    this.s3 = s3;
    this.prefix = prefix;
    this.ownsS3 = ownsS3;
    this.emulator = leastPrivilege(DatabricksEmulator.withToken(s3.hadoopConf(), TOKEN), "s3://" + s3.bucket() + "/" + prefix);
    this.outbox = outbox;
  }

  public static DatabricksWorkspace start(Path outbox) throws Exception {
    return new DatabricksWorkspace(S3ProxyServer.start(), "data", true, outbox);
  }

  /** A fresh workspace whose storage root is its own folder of an S3 shared by the tests of a class. */
  public static DatabricksWorkspace on(S3ProxyServer s3, String prefix, Path outbox) throws Exception {
    return new DatabricksWorkspace(s3, prefix, false, outbox);
  }

  /**
   * The grants onboarding needs and nothing more: USE CATALOG and CREATE SCHEMA on the catalog, CREATE
   * SHARE and CREATE RECIPIENT on the metastore, CREATE EXTERNAL TABLE on the external location covering
   * the storage root, CAN USE on the warehouse. Everything else the principal holds as the owner of what
   * it creates (schema, tables, share, recipients).
   */
  public static DatabricksEmulator leastPrivilege(DatabricksEmulator emulator, String storageRoot) {
    String principal = emulator.principal();
    return emulator.catalog(CATALOG).externalLocation("shareline_data", storageRoot)
        .grant("catalog:" + CATALOG, principal, "USE_CATALOG", "CREATE_SCHEMA")
        .grant("metastore", principal, "CREATE_SHARE", "CREATE_RECIPIENT")
        .grant("external_location:shareline_data", principal, "CREATE_EXTERNAL_TABLE")
        .warehouseUser(principal);
  }

  public String dataDir() {
    return s3.uri(prefix);
  }

  public String storageRoot() {
    return "s3://" + s3.bucket() + "/" + prefix;
  }

  public DatabricksSettings settings(DatabricksSettings.Auth auth, int maxTablesPerShare) {
    return new DatabricksSettings(emulator.host(), CATALOG, storageRoot(), DatabricksEmulator.WAREHOUSE_ID, auth,
        Duration.ofDays(90), maxTablesPerShare, outbox.toString());
  }

  public DatabricksSettings settings() {
    return settings(new DatabricksSettings.Pat(TOKEN), 0);
  }

  public DatabricksShareProvider provider(DatabricksSettings settings) {
    return new DatabricksShareProvider(settings, ActivationOutbox.of(settings.outbox()));
  }

  public SharelineActivities activities(DatabricksShareProvider provider) {
    return SharelineActivities.create(dataDir(), s3.hadoopConf(), Map.of(DatabricksShareProvider.NAME, provider));
  }

  public static ConnectorSpec connector(String id, String source, String recipient) {
    return new ConnectorSpec(id, source, DatabricksShareProvider.NAME, recipient, List.of(), false);
  }

  /** Runs the activities in the order the workflows call them, without a Temporal server. */
  public static List<RunRef> onboardAndDeliver(SharelineActivities activities, ConnectorSpec spec) {
    List<RunRef> runs = onboard(activities, spec);
    for (RunRef run : runs) {
      deliver(activities, spec, run);
    }
    return runs;
  }

  /** Provision, the empty-share check and the backfill plan: the runs to deliver. */
  public static List<RunRef> onboard(SharelineActivities activities, ConnectorSpec spec) {
    activities.onboarding().provision(spec);
    activities.onboarding().verifyEmptyShare(spec);
    return activities.onboarding().planBackfill(spec).runs();
  }

  public static void deliver(SharelineActivities activities, ConnectorSpec spec, RunRef run) {
    DeliveryRequest request = new DeliveryRequest(spec, run, false);
    DeliveryActivitiesImpl d = activities.delivery();
    StagedRun staged = d.stage(request);
    PipelineHarness.finish(d, PipelineHarness.alone(request, staged, d.schema(request, staged)));
  }

  @Override
  public void close() throws Exception {
    emulator.close();
    if (ownsS3) {
      s3.close();
    }
  }
}
