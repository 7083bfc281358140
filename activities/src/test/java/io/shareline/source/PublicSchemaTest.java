package io.shareline.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.schema.FieldSpec;
import io.shareline.schema.PublicField;
import io.shareline.schema.SourceType;
import io.shareline.source.SourceException.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublicSchemaTest {

  private static FieldSpec field(String name, String type) {
    return new FieldSpec(name, SourceType.parse(type), true, "about " + name, false);
  }

  private static List<String> columns(FieldSpec... fields) {
    return PublicSchema.of(List.of(fields)).fields().stream().map(PublicField::columnName).toList();
  }

  @Test
  void dropsFieldsPrivateByNameOrByFlag() {
    PublicSchema schema = PublicSchema.of(List.of(
        field("title", "STRING"),
        field("_raw_html", "STRING"),
        new FieldSpec("cost", SourceType.parse("MONEY"), true, null, true)));

    assertEquals(List.of(new PublicField("title", "title", SourceType.parse("STRING"), true)), schema.fields());
  }

  @Test
  void lowerCasesAndReplacesEverythingOutsideLettersAndDigits() {
    assertEquals(List.of("posted_at", "price", "café", "名前"), columns(field("Posted At", "DATETIME"),
        field("Price ($)", "MONEY"), field("Café", "STRING"), field("名前", "STRING")));
  }

  @Test
  void columnNeverStartsWithUnderscore() {
    assertEquals(List.of("rank", "2nd"), columns(field("-rank", "INTEGER"), field(" 2nd", "STRING")));
  }

  @Test
  void aKnownSchemaKeepsTheColumnsRecordedForItWhateverRuleNamedThem() {
    List<FieldSpec> fields = List.of(field("Preis (€)", "MONEY"), field("名前", "STRING"));
    String fingerprint = PublicSchema.of(fields).fingerprint();
    RecordedColumns recorded = new RecordedColumns(Map.of(fingerprint, List.of(
        new PublicField("Preis (€)", "preis____", SourceType.parse("MONEY"), true),
        new PublicField("名前", "c_", SourceType.parse("STRING"), true))));

    assertEquals(List.of("preis____", "c_"),
        PublicSchema.of(fields, recorded).fields().stream().map(PublicField::columnName).toList());
  }

  @Test
  void aNewVersionKeepsRecordedColumnsAndNamesOnlyItsNewFieldsReadably() {
    RecordedColumns recorded = new RecordedColumns(Map.of("v1", List.of(
        new PublicField("Preis (€)", "preis____", SourceType.parse("MONEY"), true),
        new PublicField("名前", "c_", SourceType.parse("STRING"), true))));

    PublicSchema v2 = PublicSchema.of(List.of(field("名前", "STRING"), field("Preis (€)", "NUMBER"),
        field("Rabatt (%)", "NUMBER"), field("c", "STRING"), field("preis", "STRING")), recorded);

    assertEquals(List.of("c_", "preis____", "rabatt", "c", "preis"),
        v2.fields().stream().map(PublicField::columnName).toList());
  }

  @Test
  void aNewFieldStepsAsideFromARecordedColumnWithItsName() {
    RecordedColumns recorded = new RecordedColumns(Map.of("v1", List.of(
        new PublicField("Price ($)", "price", SourceType.parse("MONEY"), true))));

    PublicSchema v2 = PublicSchema.of(List.of(field("price", "NUMBER"), field("Price ($)", "MONEY")), recorded);

    assertEquals(List.of("price_2", "price"), v2.fields().stream().map(PublicField::columnName).toList());
  }

  @Test
  void collisionsGetNumberedSuffixesInFieldOrder() {
    assertEquals(List.of("price", "price_2", "price_3"),
        columns(field("Price", "MONEY"), field("price", "NUMBER"), field("PRICE", "STRING")));
  }

  @Test
  void suffixSkipsANameAnotherFieldAlreadyHolds() {
    assertEquals(List.of("a_b", "a_b_2", "a_b_3"),
        columns(field("a b", "STRING"), field("a_b_2", "STRING"), field("a-b", "STRING")));
  }

  @Test
  void deliveryColumnsHaveTheirPlainNamesWhenFree() {
    PublicSchema schema = PublicSchema.of(List.of(field("title", "STRING")));

    assertEquals(List.of("title", "shareline_job_id", "shareline_run_finished_at", "shareline_delivered_at"),
        schema.columnNames());
  }

  @Test
  void deliveryColumnsStepAsideFromPublicColumnsWithTheirNames() {
    PublicSchema schema = PublicSchema.of(List.of(
        field("shareline_job_id", "STRING"), field("Shareline Job ID 2", "STRING"),
        field("shareline_delivered_at", "DATETIME")));

    assertEquals("shareline_job_id_3", schema.jobIdColumn());
    assertEquals("shareline_run_finished_at", schema.runFinishedAtColumn());
    assertEquals("shareline_delivered_at_2", schema.deliveredAtColumn());
  }

  @Test
  void schemaWithOnlyPrivateFieldsHasNoPublicFields() {
    SourceException e = assertThrows(SourceException.class,
        () -> PublicSchema.of(List.of(field("_raw_html", "STRING"), field("_session", "OBJECT"))));

    assertEquals(Kind.NO_PUBLIC_FIELDS, e.kind());
  }

  @Test
  void fingerprintIsAStableSha256Hex() {
    List<FieldSpec> fields = List.of(field("title", "STRING"), field("price", "MONEY"));

    String fingerprint = PublicSchema.of(fields).fingerprint();

    assertEquals(fingerprint, PublicSchema.of(new ArrayList<>(fields)).fingerprint());
    assertTrue(fingerprint.matches("[0-9a-f]{64}"), fingerprint);
  }

  @Test
  void fingerprintIgnoresPrivateFieldsAndDescriptions() {
    String plain = PublicSchema.of(List.of(field("title", "STRING"))).fingerprint();

    assertEquals(plain, PublicSchema.of(List.of(
        new FieldSpec("title", SourceType.parse("STRING"), true, "other words", false),
        field("_raw_html", "STRING"))).fingerprint());
  }

  @Test
  void fingerprintChangesWithTypeNullabilityNameOrderOrAddedField() {
    FieldSpec title = field("title", "STRING");
    FieldSpec price = field("price", "MONEY");
    String base = PublicSchema.of(List.of(title, price)).fingerprint();

    List<List<FieldSpec>> changed = List.of(
        List.of(title, field("price", "NUMBER")),
        List.of(title, new FieldSpec("price", SourceType.parse("MONEY"), false, null, false)),
        List.of(title, field("Price", "MONEY")),
        List.of(price, title),
        List.of(title, price, field("rating", "NUMBER")));

    for (List<FieldSpec> fields : changed) {
      assertNotEquals(base, PublicSchema.of(fields).fingerprint(), fields.toString());
    }
  }
}
