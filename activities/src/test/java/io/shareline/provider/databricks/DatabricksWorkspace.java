package io.shareline.provider.databricks;

import io.shareline.provider.ActivationOutbox;
import io.shareline.activities.SharelineActivities;
import io.shareline.connector.ConnectorSpec;
import io.shareline.delivery.DeliveryActivitiesImpl;
import io.shareline.delivery.DeliveryRequest;
import io.shareline.delivery.RunRef;
import io.shareline.delivery.SchemaVersion;
import io.shareline.delivery.StagedRun;
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

  private DatabricksWorkspace(S3ProxyServer s3, DatabricksEmulator emulator, Path outbox) {
    this.s3 = s3;
    this.emulator = emulator;
    this.outbox = outbox;
  }

  public static DatabricksWorkspace start(Path outbox) throws Exception {
    S3ProxyServer s3 = S3ProxyServer.start();
    return new DatabricksWorkspace(s3, DatabricksEmulator.withToken(s3.hadoopConf(), TOKEN).catalog(CATALOG), outbox);
  }

  public String dataDir() {
    return s3.uri("data");
  }

  public String storageRoot() {
    return "s3://" + s3.bucket() + "/data";
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
    activities.onboarding().provision(spec);
    activities.onboarding().verifyEmptyShare(spec);
    List<RunRef> runs = activities.onboarding().planBackfill(spec).runs();
    for (RunRef run : runs) {
      deliver(activities, spec, run);
    }
    return runs;
  }

  public static void deliver(SharelineActivities activities, ConnectorSpec spec, RunRef run) {
    DeliveryRequest request = new DeliveryRequest(spec, run, false);
    DeliveryActivitiesImpl d = activities.delivery();
    StagedRun staged = d.stage(request);
    SchemaVersion version = d.schema(request, staged);
    d.load(request, staged, version);
    d.publish(request, staged, version);
    d.share(request, version);
    d.verify(request, staged, version);
  }

  @Override
  public void close() throws Exception {
    emulator.close();
    s3.close();
  }
}
