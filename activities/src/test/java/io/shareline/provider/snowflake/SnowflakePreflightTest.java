package io.shareline.provider.snowflake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class SnowflakePreflightTest {
  @AutoClose
  private final SnowflakeAccounts accounts = new SnowflakeAccounts();

  private Map<String, SnowflakePreflight.Check> run(java.security.KeyPair key, String role, String account) {
    SnowflakePreflight preflight = new SnowflakePreflight(id -> accounts.client(id.jwtAccount(), "SHARELINE_SVC", key,
        new SnowflakeContext(SnowflakeAccounts.WAREHOUSE, role, null, null), Clock.systemUTC()));
    List<SnowflakePreflight.Check> checks = preflight.run(new SnowflakePreflight.Target(account, "SHARELINE_SVC", role,
        SnowflakeAccounts.WAREHOUSE, SnowflakeAccounts.INTEGRATION, null, null, null));
    return checks.stream().collect(Collectors.toMap(SnowflakePreflight.Check::name, c -> c, (a, b) -> b,
        java.util.LinkedHashMap::new));
  }

  @Test
  void aReadyAccountPassesEveryCheck() {
    Map<String, SnowflakePreflight.Check> checks = run(accounts.providerKey, SnowflakeAccounts.ROLE, "shareline-provider");
    checks.values().forEach(c -> assertTrue(c.passed(), c.line()));
    assertTrue(checks.get("key pair").found().contains("AWS_US_EAST_1"));
  }

  @Test
  void anUnregisteredKeyIsAMissWhoseFixRegistersItsPublicHalf() {
    Map<String, SnowflakePreflight.Check> checks = run(SnowflakeAccounts.rsa(), SnowflakeAccounts.ROLE,
        "SHARELINE.PROVIDER");
    SnowflakePreflight.Check key = checks.get("key pair");
    assertFalse(key.passed());
    assertTrue(key.fix().startsWith("ALTER USER SHARELINE_SVC SET RSA_PUBLIC_KEY = '"), key.fix());
    assertEquals(2, checks.size(), "nothing else is checked without a working key");
  }

  @Test
  void aRoleWithoutCreateShareIsAMissWithTheGrantToRun() {
    accounts.emulator.user(accounts.provider, "SHARELINE_SVC", (java.security.interfaces.RSAPublicKey)
        accounts.providerKey.getPublic(), SnowflakeAccounts.ROLE, "THIN_ROLE");
    accounts.emulator.grant(accounts.provider, "THIN_ROLE", "USAGE", "WAREHOUSE", SnowflakeAccounts.WAREHOUSE);
    Map<String, SnowflakePreflight.Check> checks = run(accounts.providerKey, "THIN_ROLE", "shareline-provider");
    SnowflakePreflight.Check share = checks.get("create share on account");
    assertFalse(share.passed());
    assertEquals("GRANT CREATE SHARE ON ACCOUNT TO ROLE THIN_ROLE", share.fix());
    assertTrue(checks.get("usage on warehouse").passed());
  }

  @Test
  void aMalformedAccountIdentifierIsAMissNamingTheAcceptedForms() {
    SnowflakePreflight.Check id = run(accounts.providerKey, SnowflakeAccounts.ROLE, "https://x").get("account identifier");
    assertFalse(id.passed());
    assertTrue(id.fix().contains("ORGNAME.ACCOUNTNAME"));
  }
}
