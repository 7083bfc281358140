package io.shareline.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shareline.connector.DeliverySettings;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColumnNamesDeliveryTest {
  @TempDir Path dir;

  @Test
  void schemaFieldsRecordEachSourceNameWithTheColumnItLandsIn() {
    String longName = "x".repeat(300);
    SourceBuilder source = new SourceBuilder(dir.resolve("source")).workflow("shop");
    RunRef run = source.run("shop", "j1")
        .field("Price", "MONEY").field("price", "NUMBER").field("select", "STRING").field("Café Crème", "STRING")
        .field("unit.size", "STRING").field("!!!", "STRING").field(longName, "STRING")
        .row("Price", 1, "price", 2.5, "select", "s", "Café Crème", "c", "unit.size", "u", "!!!", "e", longName, "l")
        .write();
    Deliveries acme = new Deliveries(source.root(), dir.resolve("data"), DeliverySettings.defaults());

    acme.deliver(run);

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("Price", "price");
    expected.put("price", "price_2");
    expected.put("select", "select_");
    expected.put("Café Crème", "cafe_creme");
    expected.put("unit.size", "unit_size");
    expected.put("!!!", "c_");
    expected.put(longName, "x".repeat(255));
    Map<String, String> recorded = new LinkedHashMap<>();
    acme.rows(MetadataTables.SCHEMA_FIELDS).stream()
        .sorted(Comparator.comparing(r -> (Integer) r.get("ordinal")))
        .forEach(r -> recorded.put((String) r.get("source_name"), (String) r.get("column_name")));
    assertEquals(expected, recorded);
    assertEquals(List.copyOf(expected.values()),
        acme.columns(Lakehouse.versionTable("shop", 1)).subList(0, expected.size()));
  }
}
