package io.shareline.provider.snowflake;

import io.shareline.common.Failures;
import io.shareline.connector.EmptyShareVerified;
import io.shareline.connector.Provisioned;
import io.shareline.connector.SnowflakeRecipient;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.SchemaVersion;
import io.shareline.delivery.StagedBatch;
import io.shareline.delivery.StagedRun;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.provider.ProviderException;
import io.shareline.provider.ShareProvider;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * A connector shared from a Snowflake provider account through the SQL API: per connector a database with a
 * private schema of provider tables ({@code WF_<ID>__V<N>_DATA} and the metadata tables) and a public schema
 * of secure views ({@code WF_<ID>__V<N>}, {@code WF_<ID>__LATEST}, {@code WORKFLOW_RUNS},
 * {@code WORKFLOW_SCHEMA_VERSIONS}, {@code WORKFLOW_SCHEMA_FIELDS}, {@code ACTIVITY_LOG}); only the views are
 * granted to the connector's share, whose consumer is the customer's account. LOAD copies the run's staged
 * Parquet from Shareline's bucket through an external stage, exactly once per job; VERIFY counts each job's
 * rows, checks the grants and moves {@code __LATEST} last. The lakehouse's Delta tables stay the record the
 * other stages read.
 */
public final class SnowflakeShareProvider implements ShareProvider {
  public static final String NAME = "snowflake";
  static final String PRIVATE_SCHEMA = "INTERNAL";
  static final String PUBLIC_SCHEMA = "SHARED";
  static final String STAGE = "STAGING";
  static final String PROOF = "share grants and row counts through the secure views";

  private final SnowflakeSqlApi api;
  private final SnowflakeShares shares;
  private final SnowflakeMetadata metadata;
  private final String integration;
  private final String stageRoot;

  /**
   * @param stageRoot the worker's data folder as Snowflake's storage integration reaches it
   *     ({@code s3://bucket/prefix/}), or null when the data folder is not on S3 (PROVISION then fails)
   */
  public SnowflakeShareProvider(SnowflakeSqlApi api, String integration, String stageRoot) {
    this.api = api;
    this.shares = new SnowflakeShares(api);
    this.metadata = new SnowflakeMetadata(api, shares);
    this.integration = integration;
    this.stageRoot = stageRoot == null ? null : stageRoot.endsWith("/") ? stageRoot : stageRoot + "/";
  }

  /** The provider a worker runs: its settings' client; the stage over {@code stageUrl}, else the S3 data folder. */
  public static SnowflakeShareProvider of(SnowflakeSettings settings, String dataDir, String stageUrl) {
    return new SnowflakeShareProvider(settings.client(HttpClient.newHttpClient(), Clock.systemUTC()),
        settings.integration(), stageUrl != null ? stageUrl : stageRootOf(dataDir));
  }

  /** {@code s3a://b/p} → {@code s3://b/p}: the data folder as Snowflake names it; null when not on S3. */
  public static String stageRootOf(String dataDir) {
    if (dataDir.startsWith("s3a://") || dataDir.startsWith("s3://")) {
      return "s3://" + dataDir.substring(dataDir.indexOf("://") + 3);
    }
    return null;
  }

  @Override
  public Provisioned provision(ConnectorSpec spec, String storagePath) {
    if (stageRoot == null) {
      throw new ProviderException(Failures.PROVIDER_CONFIG, "Snowflake loads staged files from S3 through an external"
          + " stage, and this worker's data folder is not on S3: set data-dir to s3a://<ingestion bucket>/<prefix>, or"
          + " snowflake.stage-url to the S3 URL of the data folder");
    }
    SnowflakeShares.Layout l = layout(spec);
    shares.provision(l);
    shares.createStage(l, STAGE, stageRoot + "staging/" + spec.connectorId() + "/", integration);
    metadata.create(l);
    SnowflakeRecipient consumer = consumer(spec);
    if (!attached(l, accountId(consumer))) {
      shares.addConsumer(l, accountId(consumer), consumer.region());
    }
    return new Provisioned(l.share(), accountId(consumer).sqlForm(), l.database() + "." + PUBLIC_SCHEMA, storagePath,
        PROOF);
  }

  @Override
  public EmptyShareVerified verifyEmptyShare(ConnectorSpec spec, List<String> metadataTables) {
    SnowflakeShares.Layout l = layout(spec);
    SnowflakeAccountId account = accountId(consumer(spec));
    SnowflakeShares.ShareContents contents = shares.contents(l, account);
    if (!contents.consumerAttached()) {
      throw new ProviderException(Failures.PROVIDER_PERMISSION_DENIED, "account " + account.sqlForm()
          + " is not on share " + l.share() + ": provision the connector again");
    }
    Set<String> metadataViews = Set.copyOf(SnowflakeMetadata.VIEWS.values());
    int dataViews = (int) contents.objects().stream().map(o -> o.substring(o.lastIndexOf('.') + 1))
        .filter(v -> !metadataViews.contains(v)).count();
    return new EmptyShareVerified(l.share(), account.sqlForm(), true, dataViews);
  }

  /** Nothing to register: the views are made at PUBLISH (versions) and PROVISION (metadata), moved at VERIFY (latest). */
  @Override
  public void registerTables(ConnectorSpec spec, Map<String, String> locations) {}

  @Override
  public List<String> addToShare(ConnectorSpec spec, List<String> tables) {
    SnowflakeShares.Layout l = layout(spec);
    Set<String> granted = shares.sharedViews(l);
    List<String> shared = new ArrayList<>();
    for (String table : tables.stream().distinct().toList()) {
      String view = viewOf(table);
      if (view == null) {
        continue; // the lakehouse's own bookkeeping (workflows): no view in Snowflake
      }
      if (!granted.contains(full(l, view))) {
        shares.grantView(l, view);
      }
      shared.add(table);
    }
    return shared;
  }

  @Override
  public boolean revoke(ConnectorSpec spec, boolean purge) {
    SnowflakeShares.Layout l = layout(spec);
    SnowflakeAccountId account = accountId(consumer(spec));
    boolean removed = false;
    if (attached(l, account)) {
      shares.removeConsumer(l, account);
      removed = true;
    }
    if (attached(l, account)) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, "account " + account.sqlForm() + " is still on share "
          + l.share() + " after revoke");
    }
    if (purge) {
      for (String view : shares.sharedViews(l)) {
        String name = view.substring(view.lastIndexOf('.') + 1);
        if (name.startsWith("WF_") && !name.endsWith("__LATEST")) {
          shares.dropTable(l, name + "_DATA");
        }
      }
      SnowflakeMetadata.TABLES.keySet().forEach(t -> shares.dropTable(l, t));
    }
    return removed;
  }

  @Override
  public ShareView view(ConnectorSpec spec) {
    SnowflakeShares.Layout l = layout(spec);
    SnowflakeAccountId account = accountId(consumer(spec));
    Map<String, String> tables = new LinkedHashMap<>();
    for (String view : shares.sharedViews(l)) {
      String name = view.substring(view.lastIndexOf('.') + 1);
      tables.put(SnowflakeMetadata.VIEWS.entrySet().stream().filter(e -> e.getValue().equals(name))
          .map(Map.Entry::getKey).findFirst().orElse(name.toLowerCase(Locale.ROOT)), view);
    }
    return new ShareView(l.share(), account.sqlForm(), attached(l, account), tables);
  }

  /** The view is granted to the share and answers the table's columns and rows. */
  @Override
  public String proveShared(ConnectorSpec spec, ExpectedTable expected) {
    SnowflakeShares.Layout l = layout(spec);
    String view = viewOf(expected.name());
    if (!shares.sharedViews(l).contains(full(l, view))) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, view + " is not granted to share " + l.share());
    }
    List<String> columns = shares.viewColumns(l, view);
    if (!columns.equals(expected.columns())) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, view + " answers the columns " + columns + ", the table has "
          + expected.columns());
    }
    long rows = shares.viewRows(l, view);
    if (rows != expected.rows()) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, view + " answers " + rows + " rows, the table holds "
          + expected.rows());
    }
    return PROOF;
  }

  /** The batch's staged files into the version's provider table: one transaction replacing its jobs' rows. */
  @Override
  public void load(StagedBatch batch) {
    SnowflakeShares.Layout l = layout(batch.connector());
    StagedRun first = batch.runs().get(0);
    String table = dataTable(batch.version());
    List<SnowflakeTypes.Column> columns = new ArrayList<>(SnowflakeTypes.columns(first.fields()));
    columns.add(new SnowflakeTypes.Column(first.deliveryColumns().jobId(), "VARCHAR"));
    columns.add(new SnowflakeTypes.Column(first.deliveryColumns().runFinishedAt(), "TIMESTAMP_TZ"));
    columns.add(new SnowflakeTypes.Column(first.deliveryColumns().deliveredAt(), "TIMESTAMP_TZ"));
    shares.createTable(l, table, columns);
    List<String> files = new ArrayList<>();
    for (StagedRun run : batch.runs()) {
      run.files().forEach(f -> files.add(run.run().jobId() + "/" + new Path(f.path()).getName()));
    }
    shares.loadJobs(l, table, first.deliveryColumns().jobId(), batch.jobIds(), STAGE, first.run().workflowId() + "/",
        files);
  }

  /** The version's view (made once, never replaced), its schema rows, and the batch's runs. */
  @Override
  public void publish(StagedBatch batch, List<MetadataTables.RunRow> runs) {
    SnowflakeShares.Layout l = layout(batch.connector());
    SchemaVersion version = batch.version();
    StagedRun first = batch.runs().get(0);
    String view = viewOf(version.tableName());
    List<String> delivery = List.of(first.deliveryColumns().jobId(), first.deliveryColumns().runFinishedAt(),
        first.deliveryColumns().deliveredAt());
    shares.createView(l, view, SnowflakeTypes.select(first.fields(), delivery, SnowflakeShares.q(l.database(),
        PRIVATE_SCHEMA, dataTable(version))));
    metadata.recordVersion(l, version, view, first.fields(), batch.connector().delivery());
    metadata.recordRuns(l, view, runs);
  }

  @Override
  public void exportActivity(ConnectorSpec spec, ActivityEvents events) {
    metadata.recordActivity(layout(spec), events);
  }

  /** Rows per job against the staged counts, the version's grant, then {@code __LATEST} onto the newest version. */
  @Override
  public void verify(StagedBatch batch) {
    SnowflakeShares.Layout l = layout(batch.connector());
    SchemaVersion version = batch.version();
    Map<String, Long> rows = shares.jobRows(l, dataTable(version), batch.runs().get(0).deliveryColumns().jobId(),
        batch.jobIds());
    for (StagedRun run : batch.runs()) {
      long loaded = rows.getOrDefault(run.run().jobId(), 0L);
      if (loaded != run.rowCount()) {
        throw new ProviderException(Failures.VERIFY_MISMATCH, dataTable(version) + " holds " + loaded + " rows of job "
            + run.run().jobId() + ", " + run.rowCount() + " were staged");
      }
    }
    String view = viewOf(version.tableName());
    if (version.version() == version.latestVersion()) {
      String latest = viewOf(Lakehouse.latestTable(version.workflowId()));
      if (!shares.readsFrom(l, latest, view)) {
        shares.publishView(l, latest, "SELECT * FROM " + SnowflakeShares.q(l.database(), PUBLIC_SCHEMA, view));
      }
      Set<String> granted = shares.sharedViews(l);
      if (!shares.readsFrom(l, latest, view) || !granted.contains(full(l, latest))) {
        throw new ProviderException(Failures.VERIFY_MISMATCH, latest + " does not read " + view
            + " or is not granted to share " + l.share());
      }
    }
  }

  /** {@code wf_shop__v2} → {@code WF_SHOP__V2}; metadata tables by their view names; null: no view. */
  static String viewOf(String table) {
    String metadataView = SnowflakeMetadata.VIEWS.get(table);
    if (metadataView != null) {
      return metadataView;
    }
    return table.startsWith("wf_") ? table.toUpperCase(Locale.ROOT) : null;
  }

  static String dataTable(SchemaVersion version) {
    return viewOf(version.tableName()) + "_DATA";
  }

  static SnowflakeShares.Layout layout(ConnectorSpec spec) {
    String id = "SHARELINE_" + spec.connectorId().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    return new SnowflakeShares.Layout(id, PRIVATE_SCHEMA, PUBLIC_SCHEMA, id);
  }

  private boolean attached(SnowflakeShares.Layout l, SnowflakeAccountId account) {
    return shares.consumers(l).stream().anyMatch(a -> a.equals(account.sqlForm()) || a.endsWith("." + account.sqlForm()));
  }

  private static String full(SnowflakeShares.Layout l, String view) {
    return l.database() + "." + l.publicSchema() + "." + view;
  }

  private static SnowflakeRecipient consumer(ConnectorSpec spec) {
    try {
      return SnowflakeRecipient.parse(spec.recipient());
    } catch (IllegalArgumentException e) {
      throw new ProviderException(Failures.CONFIG_INVALID, e.getMessage());
    }
  }

  private static SnowflakeAccountId accountId(SnowflakeRecipient consumer) {
    return SnowflakeAccountId.parse(consumer.account());
  }
}
