package io.shareline.worker.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SettingsDocumentedTest {

  @Test
  void theReadmeCarriesTheTableOfEverySettingAsDeclared() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String table = SettingsTable.markdown();

    assertTrue(readme.contains(table), "README.md must carry this table verbatim (SettingsTable.markdown()):\n" + table);
  }
}
