package io.shareline.provider.snowflake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnowflakeSqlApiTest {
  @AutoClose
  private final SnowflakeAccounts accounts = new SnowflakeAccounts();
  private SnowflakeSqlApi api;
  private SnowflakeContext inData;

  @BeforeEach
  void start() throws Exception {
    api = accounts.provider();
    api.execute("create database", SnowflakeStatement.of("CREATE DATABASE SHARELINE_DB"));
    inData = api.context().in("SHARELINE_DB", "PUBLIC");
    api.execute("create table", SnowflakeStatement.of("CREATE TABLE ORDERS (ID NUMBER(38,0), NAME VARCHAR, PAID BOOLEAN)"),
        inData);
  }

  private void insert(long id, String name) {
    api.execute("insert", SnowflakeStatement.of("INSERT INTO ORDERS (ID, NAME, PAID) VALUES (?, ?, TRUE)").number(id)
        .text(name), inData);
  }

  @Test
  void aStatementAnswersItsRowsWithTheirColumnTypes() {
    insert(1, "first");
    SnowflakeResult result = api.execute("read", SnowflakeStatement.of("SELECT ID, NAME, PAID FROM ORDERS"), inData);
    assertEquals(List.of(List.of("1", "first", "TRUE")), result.rows());
    assertEquals("fixed", result.columns().get(0).type());
    assertEquals("boolean", result.columns().get(2).type());
  }

  @Test
  void aLongStatementIsPolledByItsHandleUntilItFinishes() {
    accounts.emulator.runFor(Duration.ofSeconds(2));
    insert(1, "slow");
    long polls = accounts.emulator.calls().stream().filter(c -> c.method().equals("GET")).count();
    assertTrue(polls >= 1, "a 202 statement is polled");
    assertEquals(1, api.execute("count", SnowflakeStatement.of("SELECT COUNT(*) FROM ORDERS"), inData).singleNumber()
        .orElseThrow());
  }

  @Test
  void aLargeResultIsReadFromEveryPartition() {
    for (int i = 1; i <= 5; i++) {
      insert(i, "n" + i);
    }
    accounts.emulator.partitionSize(2);
    SnowflakeResult result = api.execute("read", SnowflakeStatement.of("SELECT ID FROM ORDERS ORDER BY ID"), inData);
    assertEquals(5, result.rows().size());
    assertTrue(accounts.emulator.calls().stream().anyMatch(c -> "partition=2".equals(c.query())));
  }

  @Test
  void aCancelledStatementNeverRuns() {
    accounts.emulator.runFor(Duration.ofSeconds(30));
    SnowflakeSqlApi.Submission s = api.submit("insert", SnowflakeStatement.of(
        "INSERT INTO ORDERS (ID, NAME, PAID) VALUES (9, 'x', TRUE)"), inData, UUID.randomUUID());
    assertTrue(s.running());
    api.cancel("insert", s.statementHandle());
    ProviderException e = assertThrows(ProviderException.class, () -> api.await("insert", s));
    assertEquals(Failures.PROVIDER_TRANSIENT, e.type());
    assertTrue(e.getMessage().contains("000604"), e.getMessage());
    accounts.emulator.runFor(Duration.ZERO);
    assertEquals(0, api.execute("count", SnowflakeStatement.of("SELECT COUNT(*) FROM ORDERS"), inData).singleNumber()
        .orElseThrow());
  }

  @Test
  void aSubmissionWhoseAnswerIsLostIsResubmittedWithItsRequestIdAndRunsOnce() {
    accounts.emulator.fault(new SnowflakeEmulator.Fault(0, null, true));
    int before = accounts.emulator.executions();
    insert(7, "once");
    assertEquals(before + 1, accounts.emulator.executions());
    List<SnowflakeEmulator.Call> posts = accounts.emulator.calls().stream()
        .filter(c -> c.path().equals("/api/v2/statements")).toList();
    SnowflakeEmulator.Call lost = posts.get(posts.size() - 2);
    SnowflakeEmulator.Call retried = posts.get(posts.size() - 1);
    assertEquals(0, lost.status());
    assertTrue(retried.query().endsWith("&retry=true"), retried.query());
    assertEquals(lost.query(), retried.query().replace("&retry=true", ""));
    assertEquals(1, api.execute("count", SnowflakeStatement.of("SELECT COUNT(*) FROM ORDERS"), inData).singleNumber()
        .orElseThrow());
  }

  @Test
  void aThrottledSubmissionIsRetriedAfterRetryAfter() {
    accounts.emulator.fault(new SnowflakeEmulator.Fault(429, 0, false));
    insert(3, "throttled");
    SnowflakeEmulator.Call last = accounts.emulator.calls().get(accounts.emulator.calls().size() - 1);
    assertTrue(last.query().contains("retry=true"));
    assertEquals(1, api.execute("count", SnowflakeStatement.of("SELECT COUNT(*) FROM ORDERS"), inData).singleNumber()
        .orElseThrow());
  }

  @Test
  void aStatementPastItsTimeoutIsAnsweredAsTimedOut() {
    accounts.emulator.runFor(Duration.ofSeconds(3));
    SnowflakeSqlApi quick = new SnowflakeSqlApi(new SnowflakeSqlApi.Settings(accounts.emulator.baseUrl(),
        Duration.ofSeconds(1), Duration.ofSeconds(30)), key(), api.context(), java.net.http.HttpClient.newHttpClient(),
        java.time.Clock.systemUTC());
    ProviderException e = assertThrows(ProviderException.class,
        () -> quick.execute("slow", SnowflakeStatement.of("SELECT COUNT(*) FROM ORDERS"), inData));
    assertEquals(Failures.PROVIDER_TRANSIENT, e.type());
    assertTrue(e.getMessage().contains("HTTP 408") && e.getMessage().contains("000630"), e.getMessage());
  }

  @Test
  void aLongRetryAfterIsLeftToTheActivityRetryWithThatDelay() {
    accounts.emulator.fault(new SnowflakeEmulator.Fault(429, 120, false));
    ProviderException e = assertThrows(ProviderException.class, () -> insert(4, "later"));
    assertEquals(Failures.PROVIDER_TRANSIENT, e.type());
    assertEquals(Duration.ofSeconds(120), e.retryAfter().orElseThrow());
    assertEquals(0, api.execute("count", SnowflakeStatement.of("SELECT COUNT(*) FROM ORDERS"), inData).singleNumber()
        .orElseThrow());
  }

  @Test
  void aStatementStillRunningAtTheWorkersDeadlineIsCancelled() {
    accounts.emulator.runFor(Duration.ofSeconds(30));
    SnowflakeSqlApi impatient = new SnowflakeSqlApi(new SnowflakeSqlApi.Settings(accounts.emulator.baseUrl(),
        Duration.ofSeconds(60), Duration.ofMillis(300)), key(), api.context(), java.net.http.HttpClient.newHttpClient(),
        java.time.Clock.systemUTC());
    ProviderException e = assertThrows(ProviderException.class, () -> impatient.execute("insert", SnowflakeStatement.of(
        "INSERT INTO ORDERS (ID, NAME, PAID) VALUES (5, 'never', FALSE)"), inData));
    assertEquals(Failures.PROVIDER_TRANSIENT, e.type());
    assertTrue(accounts.emulator.calls().stream().anyMatch(c -> c.path().endsWith("/cancel")));
    accounts.emulator.runFor(Duration.ZERO);
    assertEquals(0, api.execute("count", SnowflakeStatement.of("SELECT COUNT(*) FROM ORDERS"), inData).singleNumber()
        .orElseThrow());
  }

  @Test
  void theContextTravelsInTheBodyWithTheDocumentedHeaders() throws Exception {
    insert(1, "context");
    SnowflakeEmulator.Call call = accounts.emulator.calls().stream()
        .filter(c -> c.path().equals("/api/v2/statements")).reduce((a, b) -> b).orElseThrow();
    JsonNode body = new ObjectMapper().readTree(call.body());
    assertEquals("SHARELINE_DB", body.path("database").asText());
    assertEquals("PUBLIC", body.path("schema").asText());
    assertEquals(SnowflakeAccounts.WAREHOUSE, body.path("warehouse").asText());
    assertEquals(SnowflakeAccounts.ROLE, body.path("role").asText());
    assertEquals(60, body.path("timeout").asInt());
    assertEquals("FIXED", body.path("bindings").path("1").path("type").asText());
    assertFalse(body.path("statement").asText().toUpperCase().contains("USE "));
    assertEquals(List.of("KEYPAIR_JWT"), header(call, "X-snowflake-authorization-token-type"));
    assertTrue(header(call, "User-agent").get(0).startsWith("Shareline/"));
    assertEquals(List.of("application/json"), header(call, "Accept"));
  }

  @Test
  void aUseStatementIsRefusedBecauseTheContextBelongsInTheBody() {
    ProviderException e = assertThrows(ProviderException.class,
        () -> api.execute("use", SnowflakeStatement.of("USE DATABASE SHARELINE_DB")));
    assertTrue(e.getMessage().contains("391911"), e.getMessage());
  }

  private static List<String> header(SnowflakeEmulator.Call call, String name) {
    return call.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).findFirst()
        .orElseThrow().getValue();
  }

  private SnowflakeKeyPair key() {
    return new SnowflakeKeyPair(SnowflakeAccountId.parse("SHARELINE-PROVIDER"), "SHARELINE_SVC",
        (java.security.interfaces.RSAPrivateCrtKey) accounts.providerKey.getPrivate(), java.time.Clock.systemUTC());
  }
}
