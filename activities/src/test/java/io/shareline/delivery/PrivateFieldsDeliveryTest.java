package io.shareline.delivery;

import static io.shareline.delivery.SourceBuilder.array;
import static io.shareline.delivery.SourceBuilder.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.connector.spec.DeliverySettings;
import io.shareline.lakehouse.Lakehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFieldsDeliveryTest {
  @TempDir Path dir;

  private Deliveries connector(SourceBuilder source) {
    return new Deliveries(source.root(), dir.resolve("data"), DeliverySettings.defaults());
  }

  /** Every string in the published data tables of {@code shop}, nested JSON included. */
  private static List<String> publishedStrings(Deliveries acme) {
    List<String> strings = new ArrayList<>();
    for (String table : List.of(Lakehouse.versionTable("shop", 1), Lakehouse.latestTable("shop"))) {
      for (Map<String, Object> row : acme.rows(table)) {
        row.values().forEach(v -> strings.add(String.valueOf(v)));
      }
    }
    return strings;
  }

  private static void assertNoLeak(List<String> strings) {
    for (String s : strings) {
      assertFalse(s.contains("LEAK") || s.contains("\"_"), "a private value or key was published: " + s);
    }
  }

  @Test
  void privateKeysInsideObjectsNeverReachTheTable() {
    SourceBuilder source = new SourceBuilder(dir.resolve("source")).workflow("shop");
    RunRef run = source.run("shop", "j1").field("seller", "OBJECT")
        .row("seller", object("name", "Ann", "_token", "LEAK-1", "inner", object("ok", 1, "_deep", "LEAK-2")))
        .write();
    Deliveries acme = connector(source);

    acme.deliver(run);

    List<String> strings = publishedStrings(acme);
    assertTrue(strings.contains("{\"name\":\"Ann\",\"inner\":{\"ok\":1}}"), strings.toString());
    assertNoLeak(strings);
  }

  @Test
  void privateKeysInsideArraysOfObjectsNeverReachTheTable() {
    SourceBuilder source = new SourceBuilder(dir.resolve("source")).workflow("shop");
    RunRef run = source.run("shop", "j1").field("offers", "ARRAY<OBJECT>")
        .row("offers", array(
            object("shop", "a", "_cookie", "LEAK-1"),
            object("shop", "b", "lines", array(object("_sku", "LEAK-2", "qty", 2)))))
        .write();
    Deliveries acme = connector(source);

    acme.deliver(run);

    List<String> strings = publishedStrings(acme);
    String all = String.join("\n", strings);
    assertTrue(all.contains("{\"shop\":\"a\"}") && all.contains("{\"shop\":\"b\",\"lines\":[{\"qty\":2}]}"), all);
    assertNoLeak(strings);
  }

  @Test
  void aFieldFlaggedPrivateInTheWorkflowFieldsMapIsDropped() {
    SourceBuilder source = new SourceBuilder(dir.resolve("source")).workflow("shop", List.of("cost"), List.of());
    RunRef run = source.run("shop", "j1").field("title", "STRING").field("cost", "STRING")
        .row("title", "a", "cost", "LEAK-cost").write();
    Deliveries acme = connector(source);

    acme.deliver(run);

    assertFalse(acme.columns(Lakehouse.versionTable("shop", 1)).contains("cost"));
    assertNoLeak(publishedStrings(acme));
  }

  @Test
  void aFieldListedInTheWorkflowPrivateFieldsIsDropped() {
    SourceBuilder source = new SourceBuilder(dir.resolve("source")).workflow("shop", List.of(), List.of("notes"));
    RunRef run = source.run("shop", "j1").field("title", "STRING").field("notes", "STRING")
        .row("title", "a", "notes", "LEAK-notes").write();
    Deliveries acme = connector(source);

    acme.deliver(run);

    assertFalse(acme.columns(Lakehouse.versionTable("shop", 1)).contains("notes"));
    assertNoLeak(publishedStrings(acme));
  }

  @Test
  void privateValuesNeverReachTheStagedFiles() throws IOException {
    SourceBuilder source = new SourceBuilder(dir.resolve("source")).workflow("shop", List.of("cost"), List.of());
    RunRef run = source.run("shop", "j1").field("title", "STRING").field("cost", "STRING")
        .field("_raw_html", "STRING").field("seller", "OBJECT")
        .row("title", "VISIBLE-title", "cost", "LEAK-cost", "_raw_html", "LEAK-html",
            "seller", object("name", "VISIBLE-seller", "_token", "LEAK-token"))
        .write();
    Deliveries acme = connector(source);

    StagedRun staged = acme.stage(run);

    assertEquals(List.of("title", "seller"), staged.fields().stream().map(f -> f.sourceName()).toList());
    StringBuilder bytes = new StringBuilder();
    for (StagedRun.StagedFile file : staged.files()) {
      bytes.append(new String(Files.readAllBytes(Path.of(new org.apache.hadoop.fs.Path(file.path()).toUri().getPath())), StandardCharsets.ISO_8859_1));
    }
    assertTrue(bytes.indexOf("VISIBLE-title") >= 0 && bytes.indexOf("VISIBLE-seller") >= 0,
        "public values are readable in the staged bytes, so an absent private value is meaningful");
    assertEquals(-1, bytes.indexOf("LEAK"));
  }
}
