package io.shareline.provider.snowflake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import io.shareline.schema.PublicField;
import io.shareline.schema.SourceType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnowflakeSharesTest {
  private static final SnowflakeShares.Layout LAYOUT = new SnowflakeShares.Layout("SHARELINE_WF_42", "DATA", "PUBLIC_VIEWS",
      "SHARELINE_WF_42_SHARE");
  private static final SnowflakeAccountId CONSUMER = SnowflakeAccountId.parse("ACME.ANALYTICS");
  private static final String VIEW_SQL = "SELECT ID, AMOUNT FROM SHARELINE_WF_42.DATA.ORDERS";
  @AutoClose
  private final SnowflakeAccounts accounts = new SnowflakeAccounts();
  private SnowflakeSqlApi api;
  private SnowflakeShares shares;

  @BeforeEach
  void start() throws Exception {
    api = accounts.provider();
    shares = new SnowflakeShares(api);
    shares.provision(LAYOUT);
    sql("CREATE TABLE SHARELINE_WF_42.DATA.ORDERS (JOB_ID VARCHAR, ID NUMBER, AMOUNT FLOAT, EMAIL VARCHAR)");
    shares.createStage(LAYOUT, "RUNS", "s3://shareline-ingest/wf-42/", SnowflakeAccounts.INTEGRATION);
    accounts.emulator.stageFile("s3://shareline-ingest/wf-42/job-1/part-0.parquet", List.of(
        Map.of("JOB_ID", "job-1", "ID", 1, "AMOUNT", 9.5, "EMAIL", "a@example.com"),
        Map.of("job_id", "job-1", "id", 2, "amount", 3.0, "email", "b@example.com")));
  }

  private SnowflakeResult sql(String sql) {
    return api.execute("test", SnowflakeStatement.of(sql));
  }

  private List<List<String>> consumerReads(String sql) {
    return accounts.consumer().execute("consumer query", SnowflakeStatement.of(sql)).rows();
  }

  @Test
  void aProvisionedShareWithTheConsumerAttachedHoldsNoObject() {
    shares.addConsumer(LAYOUT, CONSUMER, "AWS_US_EAST_1");
    SnowflakeShares.ShareContents contents = shares.contents(LAYOUT, CONSUMER);
    assertTrue(contents.attachedAndEmpty(), contents.toString());
  }

  @Test
  void describingAShareNeedsAccountAdminSoTheZeroDataCheckReadsTheSharesGrants() {
    ProviderException e = assertThrows(ProviderException.class, () -> sql("DESCRIBE SHARE SHARELINE_WF_42_SHARE"));
    assertEquals(Failures.PROVIDER_PERMISSION_DENIED, e.type());
    shares.publishView(LAYOUT, "WF_42__V1", VIEW_SQL);
    shares.addConsumer(LAYOUT, CONSUMER, null);
    assertEquals(List.of("VIEW SHARELINE_WF_42.PUBLIC_VIEWS.WF_42__V1"), shares.contents(LAYOUT, CONSUMER).objects());
  }

  @Test
  void theConsumerReadsExactlyTheDeliveredRowsWithoutPrivateFieldsThroughTheSharedView() {
    assertEquals(2, shares.loadJob(LAYOUT, "ORDERS", "JOB_ID", "job-1", "RUNS", "job-1/", List.of("part-0.parquet")));
    shares.publishView(LAYOUT, "WF_42__V1", VIEW_SQL);
    shares.addConsumer(LAYOUT, CONSUMER, null);
    accounts.consumer().execute("import", SnowflakeStatement.of(
        "CREATE DATABASE ORDERS_FROM_SHARELINE FROM SHARE SHARELINE.PROVIDER.SHARELINE_WF_42_SHARE"));
    SnowflakeResult r = accounts.consumer().execute("read", SnowflakeStatement.of(
        "SELECT * FROM ORDERS_FROM_SHARELINE.PUBLIC_VIEWS.WF_42__V1 ORDER BY ID"));
    assertEquals(List.of(List.of("1", "9.5"), List.of("2", "3.0")), r.rows());
    assertEquals(List.of("ID", "AMOUNT"), r.columns().stream().map(SnowflakeResult.Column::name).toList());
  }

  @Test
  void aRepeatedLoadOfAJobReplacesItsRowsInsteadOfAddingThem() {
    shares.loadJob(LAYOUT, "ORDERS", "JOB_ID", "job-1", "RUNS", "job-1/", List.of("part-0.parquet"));
    assertEquals(2, shares.loadJob(LAYOUT, "ORDERS", "JOB_ID", "job-1", "RUNS", "job-1/", List.of("part-0.parquet")));
  }

  @Test
  void aLoadFailingHalfWayLeavesTheJobsEarlierRowsInPlace() {
    shares.loadJob(LAYOUT, "ORDERS", "JOB_ID", "job-1", "RUNS", "job-1/", List.of("part-0.parquet"));
    ProviderException e = assertThrows(ProviderException.class, () -> shares.loadJob(LAYOUT, "ORDERS", "JOB_ID", "job-1",
        "RUNS", "job-1/", List.of("part-1.parquet", "part-0.parquet")));
    assertTrue(e.getMessage().contains("part-1.parquet"), e.getMessage());
    assertEquals(2, shares.jobRows(LAYOUT, "ORDERS", "JOB_ID", "job-1"));
  }

  @Test
  void aLoadWhoseAnswerIsLostRunsItsTransactionOnce() {
    accounts.emulator.fault(new SnowflakeEmulator.Fault(0, null, true));
    int before = accounts.emulator.executions();
    assertEquals(2, shares.loadJob(LAYOUT, "ORDERS", "JOB_ID", "job-1", "RUNS", "job-1/", List.of("part-0.parquet")));
    assertEquals(before + 2, accounts.emulator.executions(), "the load request once, then the count");
  }

  @Test
  void severalStatementsWithoutTheirCountAreRefused() {
    ProviderException e = assertThrows(ProviderException.class, () -> sql("SELECT 1; SELECT 2"));
    assertTrue(e.getMessage().contains("000008"), e.getMessage());
  }

  @Test
  void copyIntoSkipsAFileAlreadyLoadedIntoTheTable() {
    String copy = "COPY INTO SHARELINE_WF_42.DATA.ORDERS FROM @SHARELINE_WF_42.DATA.RUNS/job-1/ FILES = ('part-0.parquet')"
        + " MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE";
    assertEquals("LOADED", sql(copy).rows().get(0).get(1));
    assertEquals(List.of(List.of("Copy executed with 0 files processed.")), sql(copy).rows());
    assertEquals(2, shares.jobRows(LAYOUT, "ORDERS", "JOB_ID", "job-1"));
  }

  @Test
  void aNonSecureViewCannotBeGrantedToAShare() {
    sql("CREATE VIEW SHARELINE_WF_42.PUBLIC_VIEWS.PLAIN AS " + VIEW_SQL);
    ProviderException e = assertThrows(ProviderException.class, () -> sql(
        "GRANT SELECT ON VIEW SHARELINE_WF_42.PUBLIC_VIEWS.PLAIN TO SHARE SHARELINE_WF_42_SHARE"));
    assertEquals(Failures.PROVIDER_INVALID, e.type());
    assertTrue(e.getMessage().contains("non-secure"), e.getMessage());
  }

  @Test
  void aViewReadingAnotherDatabaseNeedsReferenceUsageFirst() {
    sql("CREATE DATABASE OTHER_DB");
    sql("CREATE TABLE OTHER_DB.PUBLIC.RATES (ID NUMBER)");
    sql("CREATE SECURE VIEW SHARELINE_WF_42.PUBLIC_VIEWS.JOINED AS SELECT ID FROM OTHER_DB.PUBLIC.RATES");
    String grant = "GRANT SELECT ON VIEW SHARELINE_WF_42.PUBLIC_VIEWS.JOINED TO SHARE SHARELINE_WF_42_SHARE";
    assertThrows(ProviderException.class, () -> sql(grant));
    sql("GRANT REFERENCE_USAGE ON DATABASE OTHER_DB TO SHARE SHARELINE_WF_42_SHARE");
    sql(grant);
    assertTrue(shares.sharedViews(LAYOUT).contains("SHARELINE_WF_42.PUBLIC_VIEWS.JOINED"));
  }

  @Test
  void anAccountInAnotherRegionIsRefusedBeforeAskingSnowflakeWithTheListingFix() {
    ProviderException e = assertThrows(ProviderException.class, () -> shares.addConsumer(LAYOUT,
        SnowflakeAccountId.parse("ACME.EUROPE"), "AWS_EU_WEST_1"));
    assertEquals(Failures.PROVIDER_CONFIG, e.type());
    assertTrue(e.getMessage().contains("cross-region auto-fulfillment"), e.getMessage());
  }

  @Test
  void snowflakeItselfRefusesADirectShareToAnotherRegion() {
    ProviderException e = assertThrows(ProviderException.class, () -> sql(
        "ALTER SHARE SHARELINE_WF_42_SHARE ADD ACCOUNTS = ACME.EUROPE"));
    assertTrue(e.getMessage().contains("same region"), e.getMessage());
  }

  @Test
  void replacingAViewWithoutCopyGrantsDropsItsShareGrantAndWithCopyGrantsKeepsIt() {
    shares.publishView(LAYOUT, "WF_42__LATEST", VIEW_SQL);
    String key = "SHARELINE_WF_42.PUBLIC_VIEWS.WF_42__LATEST";
    sql("CREATE OR REPLACE SECURE VIEW " + key + " COPY GRANTS AS " + VIEW_SQL);
    assertTrue(shares.sharedViews(LAYOUT).contains(key));
    sql("CREATE OR REPLACE SECURE VIEW " + key + " AS " + VIEW_SQL);
    assertFalse(shares.sharedViews(LAYOUT).contains(key));
    shares.publishView(LAYOUT, "WF_42__LATEST", VIEW_SQL);
    assertTrue(shares.sharedViews(LAYOUT).contains(key));
  }

  @Test
  void aRemovedConsumerNoLongerReadsTheViewAndTheDataStays() {
    shares.loadJob(LAYOUT, "ORDERS", "JOB_ID", "job-1", "RUNS", "job-1/", List.of("part-0.parquet"));
    shares.publishView(LAYOUT, "WF_42__V1", VIEW_SQL);
    shares.addConsumer(LAYOUT, CONSUMER, "AWS_US_EAST_1");
    accounts.consumer().execute("import", SnowflakeStatement.of(
        "CREATE DATABASE FROM_SHARELINE FROM SHARE SHARELINE.PROVIDER.SHARELINE_WF_42_SHARE"));
    assertEquals(List.of(List.of("2")), consumerReads("SELECT COUNT(*) FROM FROM_SHARELINE.PUBLIC_VIEWS.WF_42__V1"));
    shares.removeConsumer(LAYOUT, CONSUMER);
    assertEquals(Set.of(), shares.consumers(LAYOUT));
    ProviderException e = assertThrows(ProviderException.class,
        () -> consumerReads("SELECT COUNT(*) FROM FROM_SHARELINE.PUBLIC_VIEWS.WF_42__V1"));
    assertEquals(Failures.PROVIDER_INVALID, e.type());
    assertEquals(2, shares.jobRows(LAYOUT, "ORDERS", "JOB_ID", "job-1"));
  }

  @Test
  void aTableFromPublicFieldsServesNestedValuesThroughItsViewUnderEveryColumnName() {
    List<PublicField> fields = List.of(
        new PublicField("id", "id", SourceType.of(SourceType.Kind.INTEGER), false),
        new PublicField("order date", "order date", SourceType.of(SourceType.Kind.DATE), true),
        new PublicField("meta", "meta", SourceType.of(SourceType.Kind.OBJECT), true),
        new PublicField("price", "price", SourceType.of(SourceType.Kind.MONEY), true));
    shares.createTable(LAYOUT, "ITEMS", SnowflakeTypes.columns(fields));
    sql("INSERT INTO SHARELINE_WF_42.DATA.ITEMS VALUES (1, '2026-12-01', '{\"k\": 1}', 12.5)");
    shares.publishView(LAYOUT, "WF_42__V2", SnowflakeTypes.select(fields, "SHARELINE_WF_42.DATA.ITEMS"));
    SnowflakeResult r = sql("SELECT * FROM SHARELINE_WF_42.PUBLIC_VIEWS.WF_42__V2");
    assertEquals(List.of("id", "order date", "meta", "price"),
        r.columns().stream().map(SnowflakeResult.Column::name).toList());
    assertEquals("{\"k\": 1}", r.rows().get(0).get(2));
    assertEquals("VARIANT", SnowflakeTypes.viewType(SourceType.of(SourceType.Kind.OBJECT)));
  }

  @Test
  void theLatestViewIsKnownToReadTheNewestVersion() {
    shares.publishView(LAYOUT, "WF_42__V1", VIEW_SQL);
    shares.publishView(LAYOUT, "WF_42__V2", VIEW_SQL);
    shares.publishView(LAYOUT, "WF_42__LATEST", "SELECT * FROM \"SHARELINE_WF_42\".\"PUBLIC_VIEWS\".\"WF_42__V1\"");
    assertFalse(shares.readsFrom(LAYOUT, "WF_42__LATEST", "WF_42__V2"));
    shares.publishView(LAYOUT, "WF_42__LATEST", "SELECT * FROM \"SHARELINE_WF_42\".\"PUBLIC_VIEWS\".\"WF_42__V2\"");
    assertTrue(shares.readsFrom(LAYOUT, "WF_42__LATEST", "WF_42__V2"));
    assertTrue(shares.sharedViews(LAYOUT).contains("SHARELINE_WF_42.PUBLIC_VIEWS.WF_42__LATEST"));
  }

  @Test
  void theConsumerCannotReachTheProviderTablesBehindTheView() {
    shares.publishView(LAYOUT, "WF_42__V1", VIEW_SQL);
    shares.addConsumer(LAYOUT, CONSUMER, null);
    accounts.consumer().execute("import", SnowflakeStatement.of(
        "CREATE DATABASE FROM_SHARELINE FROM SHARE SHARELINE.PROVIDER.SHARELINE_WF_42_SHARE"));
    assertThrows(ProviderException.class, () -> consumerReads("SELECT * FROM FROM_SHARELINE.DATA.ORDERS"));
  }
}
