package io.shareline.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shareline.acceptance.PlainDeltaReader;
import io.shareline.connector.spec.DeliverySettings;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.lakehouse.SchemaRegistry;
import io.shareline.schema.FieldSpec;
import io.shareline.schema.PublicField;
import io.shareline.schema.SourceType;
import io.shareline.source.PublicSchema;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
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
    expected.put("select", "select");
    expected.put("Café Crème", "café_crème");
    expected.put("unit.size", "unit_size");
    expected.put("!!!", "unnamed");
    expected.put(longName, "x".repeat(255));
    assertEquals(expected, recordedColumns(acme, 1));
    assertEquals(List.copyOf(expected.values()),
        acme.columns(Lakehouse.versionTable("shop", 1)).subList(0, expected.size()));
  }

  @Test
  void columnsInAnyScriptAreWrittenAndReadBackFromTheDeltaTable() {
    SourceBuilder source = new SourceBuilder(dir.resolve("source")).workflow("shop");
    RunRef run = source.run("shop", "j1")
        .field("名前", "STRING").field("Crème brûlée", "NUMBER").field("Rating ⭐", "INTEGER")
        .field("שם לקוח", "STRING").field("السعر (€)", "MONEY").field("1st seen", "DATE")
        .row("名前", "寿司", "Crème brûlée", 4.5, "Rating ⭐", 5, "שם לקוח", "דנה", "السعر (€)", "12.50",
            "1st seen", "2026-12-06")
        .write();
    Deliveries acme = new Deliveries(source.root(), dir.resolve("data"), DeliverySettings.defaults());

    acme.deliver(run);

    String table = Lakehouse.versionTable("shop", 1);
    List<String> columns = List.of("名前", "crème_brûlée", "rating", "שם_לקוח", "السعر", "1st_seen");
    assertEquals(columns, acme.columns(table).subList(0, columns.size()));
    Map<String, Object> row = acme.rows(table).get(0);
    assertEquals("寿司", row.get("名前"));
    assertEquals(4.5, row.get("crème_brûlée"));
    assertEquals(5L, row.get("rating"));
    assertEquals("דנה", row.get("שם_לקוח"));
    Map<String, Object> plain = new PlainDeltaReader().readAll(dataDir().resolve(table)).get(0);
    assertEquals("寿司", plain.get("名前"));
    assertEquals("דנה", plain.get("שם_לקוח"));
  }

  @Test
  void aConnectorKeepsTheColumnsItsEarlierVersionsRecordedAndNamesNewFieldsReadably() throws Exception {
    SourceBuilder source = new SourceBuilder(dir.resolve("source")).workflow("shop");
    RunRef first = source.run("shop", "j1").field("Preis (€)", "MONEY").field("名前", "STRING")
        .row("Preis (€)", 3, "名前", "寿司").write();
    Deliveries acme = new Deliveries(source.root(), dir.resolve("data"), DeliverySettings.defaults());
    recordAsEarlierReleasesNamedIt(List.of(
        new PublicField("Preis (€)", "preis____", SourceType.parse("MONEY"), true),
        new PublicField("名前", "c_", SourceType.parse("STRING"), true)));

    acme.deliver(first);
    RunRef second = source.run("shop", "j2").field("Preis (€)", "MONEY").field("名前", "STRING")
        .field("Rabatt (%)", "NUMBER").row("Preis (€)", 4, "名前", "天ぷら", "Rabatt (%)", 10).write();
    acme.deliver(second);

    assertEquals(Map.of("Preis (€)", "preis____", "名前", "c_"), Map.copyOf(recordedColumns(acme, 1)));
    assertEquals(Map.of("Preis (€)", "preis____", "名前", "c_", "Rabatt (%)", "rabatt"), Map.copyOf(recordedColumns(acme, 2)));
    assertEquals("寿司", acme.rows(Lakehouse.versionTable("shop", 1)).get(0).get("c_"));
    Map<String, Object> v2 = acme.rows(Lakehouse.versionTable("shop", 2)).get(0);
    assertEquals("天ぷら", v2.get("c_"));
    assertEquals(10.0, v2.get("rabatt"));
  }

  /** Registers version 1 of these fields as a deployed connector's registry holds it: with the old names. */
  private void recordAsEarlierReleasesNamedIt(List<PublicField> fields) throws Exception {
    List<FieldSpec> specs = fields.stream()
        .map(f -> new FieldSpec(f.sourceName(), f.type(), f.nullable(), null, false)).toList();
    new SchemaRegistry(new Lakehouse(dir.resolve("data").toString(), new Configuration()))
        .resolve("acme", "shop", PublicSchema.of(specs).fingerprint(), fields);
  }

  private static Map<String, String> recordedColumns(Deliveries deliveries, int version) {
    Map<String, String> recorded = new LinkedHashMap<>();
    deliveries.rows(MetadataTables.SCHEMA_FIELDS).stream()
        .filter(r -> ((Number) r.get("version")).intValue() == version)
        .sorted(Comparator.comparing(r -> (Integer) r.get("ordinal")))
        .forEach(r -> recorded.put((String) r.get("source_name"), (String) r.get("column_name")));
    return recorded;
  }

  private Path dataDir() {
    return dir.resolve("data/lakehouse/acme");
  }
}
