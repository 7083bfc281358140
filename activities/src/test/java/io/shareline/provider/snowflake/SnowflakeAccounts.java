package io.shareline.provider.snowflake;

import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;

/**
 * The emulated deployment most tests use: Shareline's provider account (role with CREATE DATABASE,
 * CREATE SHARE, a warehouse and a storage integration), a consumer account in the same region and one
 * in another region, each with a user and a registered key, and clients for them over real HTTP.
 */
public final class SnowflakeAccounts implements AutoCloseable {
  public static final String REGION = "AWS_US_EAST_1";
  public static final String ROLE = "SHARELINE_ROLE";
  public static final String WAREHOUSE = "SHARELINE_WH";
  public static final String INTEGRATION = "SHARELINE_S3";
  static final String CONSUMER_ROLE = "ANALYST";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  public final SnowflakeEmulator emulator;
  final EmulatedAccount provider;
  final EmulatedAccount consumer;
  final EmulatedAccount farConsumer;
  // Generated once per test JVM: RSA key generation is the slowest part of a fixture.
  private static final KeyPair PROVIDER_KEY = rsa();
  private static final KeyPair CONSUMER_KEY = rsa();
  final KeyPair providerKey = PROVIDER_KEY;
  final KeyPair consumerKey = CONSUMER_KEY;

  public SnowflakeAccounts() {
    try {
      emulator = new SnowflakeEmulator();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    provider = emulator.account("SHARELINE", "PROVIDER", "PR12345", REGION);
    emulator.user(provider, "SHARELINE_SVC", (RSAPublicKey) providerKey.getPublic(), ROLE);
    emulator.grant(provider, ROLE, "CREATE DATABASE", "ACCOUNT", "PR12345");
    emulator.grant(provider, ROLE, "CREATE SHARE", "ACCOUNT", "PR12345");
    emulator.grant(provider, ROLE, "USAGE", "WAREHOUSE", WAREHOUSE);
    emulator.grant(provider, ROLE, "USAGE", "INTEGRATION", INTEGRATION);
    emulator.warehouse(provider, WAREHOUSE);
    emulator.integration(provider, INTEGRATION);
    consumer = emulator.account("ACME", "ANALYTICS", "CO67890", REGION);
    emulator.user(consumer, "ANALYST_USER", (RSAPublicKey) consumerKey.getPublic(), CONSUMER_ROLE);
    emulator.grant(consumer, CONSUMER_ROLE, "CREATE DATABASE", "ACCOUNT", "CO67890");
    emulator.grant(consumer, CONSUMER_ROLE, "USAGE", "WAREHOUSE", "ACME_WH");
    emulator.warehouse(consumer, "ACME_WH");
    farConsumer = emulator.account("ACME", "EUROPE", "EU11111", "AWS_EU_WEST_1");
  }

  /** The provider key as the worker reads it: an unencrypted PKCS#8 PEM (made by the test, never a real one). */
  public String providerKeyPem() {
    return "-----BEGIN " + SnowflakeKeyPair.PEM_LABEL + "-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(providerKey.getPrivate().getEncoded()) + "\n-----END " + SnowflakeKeyPair.PEM_LABEL + "-----\n";
  }

  /** Shareline's client: ORG-ACCOUNT identifier, its role and warehouse in every request body. */
  SnowflakeSqlApi provider() {
    return client("SHARELINE-PROVIDER", "SHARELINE_SVC", providerKey, new SnowflakeContext(WAREHOUSE, ROLE, null, null),
        Clock.systemUTC());
  }

  SnowflakeSqlApi consumer() {
    return client("ACME-ANALYTICS", "ANALYST_USER", consumerKey, new SnowflakeContext("ACME_WH", CONSUMER_ROLE, null, null),
        Clock.systemUTC());
  }

  SnowflakeSqlApi client(String account, String user, KeyPair key, SnowflakeContext context, Clock clock) {
    SnowflakeKeyPair auth = new SnowflakeKeyPair(SnowflakeAccountId.parse(account), user,
        (RSAPrivateCrtKey) key.getPrivate(), clock);
    return new SnowflakeSqlApi(new SnowflakeSqlApi.Settings(emulator.baseUrl(), Duration.ofSeconds(60),
        Duration.ofSeconds(30)), auth, context, HTTP, Clock.systemUTC());
  }

  static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    emulator.close();
  }
}
