package io.shareline.worker.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SettingsDocumentedTest {

  @Test
  void everySettingsKeyAndEnvironmentVariableIsInTheReadmeOrADocsPage() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    StringBuilder docs = new StringBuilder(Files.readString(root.resolve("README.md")));
    try (Stream<Path> pages = Files.list(root.resolve("docs"))) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".md")).toList()) {
        docs.append(Files.readString(page));
      }
    }
    List<String> missing = new ArrayList<>();
    for (Setting setting : Setting.values()) {
      for (String name : List.of(setting.key(), setting.environmentVariable())) {
        if (!docs.toString().contains("`" + name + "`")) {
          missing.add(name);
        }
      }
    }
    assertEquals(List.of(), missing);
  }
}
