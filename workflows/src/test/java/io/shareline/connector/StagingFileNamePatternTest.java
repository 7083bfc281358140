package io.shareline.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.connector.spec.DeliverySettings;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class StagingFileNamePatternTest {

  @Test
  void theDefaultPatternIsValid() {
    assertEquals(DeliverySettings.DEFAULT_STAGING_FILE_NAME,
        StagingFileNamePattern.parse(DeliverySettings.DEFAULT_STAGING_FILE_NAME).toString());
  }

  @Test
  void everyPlaceholderMayBeUsed() {
    StagingFileNamePattern.parse("{workflow}.{job}_{date}-{timestamp}-{part}");
  }

  @Test
  void anUnknownPlaceholderIsNamedWithTheKnownOnes() {
    String message = refused("{workflow}-{jobid}-{part}");

    assertTrue(message.contains("unknown placeholder {jobid}"), message);
    assertTrue(message.contains("known: {workflow} {job} {date} {timestamp} {part}"), message);
  }

  @Test
  void aPatternWithoutPartIsRefused() {
    assertTrue(refused("{workflow}-{job}").contains("needs {part}"));
  }

  @Test
  void aSlashOrSpaceBetweenPlaceholdersIsRefused() {
    assertTrue(refused("{workflow}/{part}").contains("only letters, digits"));
    assertTrue(refused("{workflow} {part}").contains("only letters, digits"));
    assertTrue(refused("{workflow}-{part").contains("only letters, digits"), "an unclosed brace is a literal");
  }

  @Test
  void aHiddenNameIsRefused() {
    assertTrue(refused("_{part}").contains("must not start with"));
    assertTrue(refused(".{part}").contains("must not start with"));
  }

  @Test
  void aBlankOrOverlongPatternIsRefused() {
    assertTrue(refused(" ").contains("1 to 200 characters"));
    assertTrue(refused("{part}" + "x".repeat(200)).contains("1 to 200 characters"));
  }

  @Test
  void renderReplacesEachPlaceholderByItsValue() {
    String name = StagingFileNamePattern.parse("{workflow}_{date}.{part}")
        .render(placeholder -> placeholder.toUpperCase(Locale.ROOT));

    assertEquals("WORKFLOW_DATE.PART", name);
  }

  private static String refused(String pattern) {
    String message = assertThrows(IllegalArgumentException.class, () -> StagingFileNamePattern.parse(pattern))
        .getMessage();
    assertTrue(message.startsWith("staging file-name pattern '" + pattern + "' "), message);
    return message;
  }
}
