package io.shareline.provider.snowflake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import java.time.Clock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnowflakeErrorsTest {
  @AutoClose
  private final SnowflakeAccounts accounts = new SnowflakeAccounts();
  private SnowflakeSqlApi api;

  @BeforeEach
  void start() throws Exception {
    api = accounts.provider();
    api.execute("create database", SnowflakeStatement.of("CREATE DATABASE SHARELINE_DB"));
  }

  private ProviderException refused(SnowflakeSqlApi client, String sql) {
    return assertThrows(ProviderException.class, () -> client.execute("probe", SnowflakeStatement.of(sql)));
  }

  @Test
  void aMissingObjectIsInvalidWithItsCodeAndState() {
    ProviderException e = refused(api, "SELECT COUNT(*) FROM SHARELINE_DB.PUBLIC.NOPE");
    assertEquals(Failures.PROVIDER_INVALID, e.type());
    assertTrue(e.getMessage().contains("code 002003") && e.getMessage().contains("SQL state 02000"), e.getMessage());
  }

  @Test
  void aMissingPrivilegeIsPermissionDeniedNamingTheRole() {
    SnowflakeSqlApi other = accounts.client("SHARELINE-PROVIDER", "SHARELINE_SVC", accounts.providerKey,
        new SnowflakeContext(SnowflakeAccounts.WAREHOUSE, "READER", null, null), Clock.systemUTC());
    accounts.emulator.user(accounts.provider, "SHARELINE_SVC", (java.security.interfaces.RSAPublicKey)
        accounts.providerKey.getPublic(), SnowflakeAccounts.ROLE, "READER");
    ProviderException e = refused(other, "CREATE SHARE SOME_SHARE");
    assertEquals(Failures.PROVIDER_PERMISSION_DENIED, e.type());
    assertTrue(e.getMessage().contains("003001") && e.getMessage().contains("role READER"), e.getMessage());
  }

  @Test
  void noUsableWarehouseIsConfiguration() {
    SnowflakeSqlApi noWarehouse = accounts.client("SHARELINE-PROVIDER", "SHARELINE_SVC", accounts.providerKey,
        new SnowflakeContext("OTHER_WH", SnowflakeAccounts.ROLE, null, null), Clock.systemUTC());
    ProviderException e = refused(noWarehouse, "SELECT 1");
    assertEquals(Failures.PROVIDER_CONFIG, e.type());
    assertTrue(e.getMessage().contains("snowflake.warehouse"), e.getMessage());
  }

  @Test
  void anObjectThatAlreadyExistsIsAConflict() {
    assertEquals(Failures.PROVIDER_CONFLICT, refused(api, "CREATE DATABASE SHARELINE_DB").type());
  }

  @Test
  void bindValuesNeverReachAMessage() {
    SnowflakeContext in = api.context().in("SHARELINE_DB", "PUBLIC");
    api.execute("table", SnowflakeStatement.of("CREATE TABLE T (N NUMBER)"), in);
    ProviderException e = assertThrows(ProviderException.class, () -> api.execute("insert",
        SnowflakeStatement.of("INSERT INTO T (N) VALUES (?)").text("secret-customer-value"), in));
    assertFalse(e.getMessage().contains("secret-customer-value"), e.getMessage());
  }

  @Test
  void statusesWithoutAStatementFailureAreClassifiedByTheirDocumentedMeaning() {
    assertEquals(Failures.PROVIDER_TRANSIENT, SnowflakeErrors.meaning(429, null, null).type());
    assertEquals(Failures.PROVIDER_TRANSIENT, SnowflakeErrors.meaning(408, "000630", "57014").type());
    assertEquals(Failures.PROVIDER_TRANSIENT, SnowflakeErrors.meaning(503, null, null).type());
    assertEquals(Failures.PROVIDER_AUTH, SnowflakeErrors.meaning(401, "390144", null).type());
    assertEquals(Failures.PROVIDER_AUTH, SnowflakeErrors.meaning(422, "390189", "08004").type());
    assertEquals(Failures.PROVIDER_CONFIG, SnowflakeErrors.meaning(404, null, null).type());
    assertEquals(Failures.INTERNAL, SnowflakeErrors.meaning(400, null, null).type());
  }
}
