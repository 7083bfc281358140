package io.shareline.provider.snowflake;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * How the worker reaches its Snowflake provider account. The private key (PKCS#8 PEM, from the
 * environment or a secret file) is handed only to {@link SnowflakeKeyPair} and never appears in
 * {@link #toString()}.
 *
 * @param account          the provider account: ORG-ACCOUNT, ORG.ACCOUNT or a locator
 * @param user             the service user whose RSA_PUBLIC_KEY is the key's public half
 * @param privateKeyPem    unencrypted PKCS#8 PEM
 * @param role             the role every statement runs as (in the request body)
 * @param warehouse        the warehouse every statement runs on (in the request body)
 * @param integration      the storage integration the external stages use
 * @param baseUrl          the SQL API's address; null: {@code https://<account host>}
 * @param statementTimeout the {@code timeout} sent with each statement; null: 10 minutes
 * @param pollDeadline     how long the worker polls a running statement before cancelling it; null: 15 minutes
 */
public record SnowflakeSettings(String account, String user, String privateKeyPem, String role, String warehouse,
    String integration, URI baseUrl, Duration statementTimeout, Duration pollDeadline) {

  public SnowflakeSettings {
    require(account, "snowflake.account");
    require(user, "snowflake.user");
    require(privateKeyPem, "SNOWFLAKE_PRIVATE_KEY");
    require(role, "snowflake.role");
    require(warehouse, "snowflake.warehouse");
    require(integration, "snowflake.storage-integration");
    baseUrl = baseUrl == null ? URI.create("https://" + SnowflakeAccountId.parse(account).host()) : baseUrl;
    statementTimeout = statementTimeout == null ? Duration.ofMinutes(10) : statementTimeout;
    pollDeadline = pollDeadline == null ? Duration.ofMinutes(15) : pollDeadline;
  }

  public SnowflakeAccountId accountId() {
    return SnowflakeAccountId.parse(account);
  }

  /** The SQL API client: this account's key pair, role and warehouse in every request. */
  public SnowflakeSqlApi client(HttpClient http, Clock clock) {
    SnowflakeKeyPair key = new SnowflakeKeyPair(accountId(), user, SnowflakeKeyPair.readPem(privateKeyPem), clock);
    return new SnowflakeSqlApi(new SnowflakeSqlApi.Settings(baseUrl, statementTimeout, pollDeadline), key,
        new SnowflakeContext(warehouse, role, null, null), http, clock);
  }

  /** What preflight checks; the stage (with its database and schema) only when given. */
  public SnowflakePreflight.Target target(String database, String schema, String stage) {
    return new SnowflakePreflight.Target(account, user, role, warehouse, integration, database, schema, stage);
  }

  @Override
  public String toString() {
    return "SnowflakeSettings[account=" + account + ", user=" + user + ", privateKeyPem=***, role=" + role
        + ", warehouse=" + warehouse + ", integration=" + integration + ", baseUrl=" + baseUrl + "]";
  }

  private static void require(String value, String key) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " is required for provider=snowflake");
    }
  }
}
