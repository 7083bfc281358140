package io.shareline.provider.snowflake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import org.junit.jupiter.api.Test;

class SnowflakeAccountIdTest {
  @Test
  void theUrlFormNamesTheJwtAccountAndTheSqlForm() {
    SnowflakeAccountId id = SnowflakeAccountId.parse("acme-data_eu");
    assertEquals("ACME-DATA_EU", id.jwtAccount());
    assertEquals("ACME.DATA_EU", id.sqlForm());
    assertEquals("acme-data-eu.snowflakecomputing.com", id.host());
  }

  @Test
  void theSqlFormIsAccepted() {
    assertEquals("ACME-ANALYTICS", SnowflakeAccountId.parse("acme.analytics").jwtAccount());
  }

  @Test
  void aLocatorWithRegionSignsWithoutTheRegion() {
    SnowflakeAccountId id = SnowflakeAccountId.parse("xy12345.us-east-2.aws");
    assertTrue(id.isLocator());
    assertEquals("XY12345", id.jwtAccount());
    assertEquals("xy12345.us-east-2.aws.snowflakecomputing.com", id.host());
  }

  @Test
  void aHostNameIsReducedToItsIdentifier() {
    assertEquals("ACME-ANALYTICS", SnowflakeAccountId.parse("acme-analytics.snowflakecomputing.com").jwtAccount());
  }

  @Test
  void anythingElseIsRefusedWithTheAcceptedForms() {
    ProviderException e = assertThrows(ProviderException.class, () -> SnowflakeAccountId.parse("https://acme"));
    assertEquals(Failures.CONFIG_INVALID, e.type());
    assertTrue(e.getMessage().contains("ORGNAME-ACCOUNTNAME"));
  }
}
