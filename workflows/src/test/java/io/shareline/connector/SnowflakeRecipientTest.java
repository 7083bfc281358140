package io.shareline.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SnowflakeRecipientTest {

  @Test
  void theCustomersInputsBecomeTheAccountAndTheRegionAsCurrentRegionNamesIt() {
    assertEquals("ACME.PROD_ANALYTICS@AWS_US_EAST_1", SnowflakeRecipient.of("acme", "prod_analytics", "US East 1", null)
        .text());
    assertEquals("ACME.EU@AZURE_WESTEUROPE", SnowflakeRecipient.of("ACME", "EU", "westeurope", "azure").text());
    assertEquals("ALC62998", SnowflakeRecipient.of(null, "alc62998", null, null).text());
  }

  @Test
  void theRecipientTextReadsBackAsWritten() {
    SnowflakeRecipient r = SnowflakeRecipient.parse("acme.analytics@aws_us_east_1");
    assertEquals(new SnowflakeRecipient("ACME.ANALYTICS", "AWS_US_EAST_1"), r);
    assertEquals(r, SnowflakeRecipient.parse(r.text()));
  }

  @Test
  void aRegionThatDoesNotSayItsCloudIsRefusedWithTheForms() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SnowflakeRecipient.of("ACME", "EU", "westeurope", null));
    assertTrue(e.getMessage().contains("AWS_US_EAST_1"), e.getMessage());
  }
}
