package io.shareline.provider.snowflake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class SnowflakeSettingsTest {
  @AutoClose
  private final SnowflakeAccounts accounts = new SnowflakeAccounts();

  private String pem() {
    // a key made by the test, never a real one
    return "-----BEGIN " + SnowflakeKeyPair.PEM_LABEL + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(accounts.providerKey.getPrivate().getEncoded()) + "\n-----END " + SnowflakeKeyPair.PEM_LABEL
        + "-----\n";
  }

  private SnowflakeSettings settings(URI baseUrl) {
    return new SnowflakeSettings("shareline-provider", "shareline_svc", pem(), SnowflakeAccounts.ROLE,
        SnowflakeAccounts.WAREHOUSE, SnowflakeAccounts.INTEGRATION, baseUrl, null, null);
  }

  @Test
  void aClientFromSettingsSignsWithTheKeyFromItsPem() {
    SnowflakeSqlApi api = settings(accounts.emulator.baseUrl()).client(HttpClient.newHttpClient(), Clock.systemUTC());
    assertEquals(List.of(List.of("PR12345")), api.execute("whoami", SnowflakeStatement.of("SELECT CURRENT_ACCOUNT()")).rows());
  }

  @Test
  void theAddressDefaultsToTheAccountsHost() {
    assertEquals(URI.create("https://shareline-provider.snowflakecomputing.com"), settings(null).baseUrl());
  }

  @Test
  void thePrivateKeyIsNeverPrinted() {
    String pem = pem();
    String text = settings(null).toString();
    assertFalse(text.contains(pem.substring(40, 90)));
    assertTrue(text.contains("privateKeyPem=***"));
  }

  @Test
  void anEncryptedKeyIsRefusedWithTheConversion() {
    ProviderException e = assertThrows(ProviderException.class, () -> SnowflakeKeyPair.readPem(
        "-----BEGIN ENCRYPTED " + SnowflakeKeyPair.PEM_LABEL + "-----\nMIIE\n-----END ENCRYPTED "
            + SnowflakeKeyPair.PEM_LABEL + "-----"));
    assertEquals(Failures.CONFIG_INVALID, e.type());
    assertTrue(e.getMessage().contains("-nocrypt"));
  }

  @Test
  void aMissingSettingIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SnowflakeSettings(
        "shareline-provider", "u", pem(), "R", null, "I", null, null, null));
    assertTrue(e.getMessage().contains("snowflake.warehouse"));
  }
}
