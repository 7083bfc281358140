package io.shareline.delivery;

import static io.shareline.connector.spec.DeliverySettings.CastPolicy.LENIENT;
import static io.shareline.connector.spec.DeliverySettings.CastPolicy.STRICT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.connector.spec.DeliverySettings.CastPolicy;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CastPolicyDeliveryTest {
  @TempDir Path dir;
  private SourceBuilder source;

  @BeforeEach
  void setUp() {
    source = new SourceBuilder(dir.resolve("source")).workflow("shop");
  }

  private SourceBuilder.Run shopRun(String jobId) {
    return source.run("shop", jobId).field("title", "STRING").field("price", "INTEGER").field("rating", "NUMBER");
  }

  private Deliveries connector(CastPolicy defaultPolicy, Map<String, CastPolicy> overrides) {
    return new Deliveries(source.root(), dir.resolve("data"), Deliveries.policies(defaultPolicy, overrides));
  }

  @Test
  void strictViolationFailsStageNonRetryablyNamingFieldLineAndKindButNeverTheValue() {
    Deliveries acme = connector(STRICT, Map.of());
    acme.deliver(shopRun("j1").row("title", "a", "price", 1, "rating", 4.5).write());
    Map<String, Long> before = acme.publishedRowCounts("shop");
    RunRef bad = shopRun("j2")
        .row("title", "a", "price", 1, "rating", 4.5)
        .row("title", "b", "price", 2, "rating", 3.0)
        .row("title", "c", "price", "secret-41x", "rating", 1.0)
        .write();

    ApplicationFailure failure = assertThrows(ApplicationFailure.class, () -> acme.deliver(bad));

    assertEquals("CAST_STRICT_VIOLATION", failure.getType());
    assertTrue(failure.isNonRetryable());
    String message = failure.getOriginalMessage();
    assertTrue(message.contains("'price'") && message.contains("line 3") && message.contains("JSON string")
        && message.contains("INTEGER"), message);
    assertFalse(message.contains("secret-41x"), message);
    assertEquals(before, acme.publishedRowCounts("shop"));
  }

  @Test
  void strictArrayElementViolationNamesTheElementKindAndType() {
    Deliveries acme = connector(STRICT, Map.of());
    RunRef bad = source.run("shop", "j1").field("sizes", "ARRAY<INTEGER>")
        .row("sizes", SourceBuilder.array(1, 2)).row("sizes", SourceBuilder.array(3, true)).write();

    ApplicationFailure failure = assertThrows(ApplicationFailure.class, () -> acme.stage(bad));

    assertEquals("CAST_STRICT_VIOLATION", failure.getType());
    assertTrue(failure.getOriginalMessage().contains("line 2: a JSON boolean element does not fit INTEGER"),
        failure.getOriginalMessage());
  }

  @Test
  void aStrictFieldOverrideLeavesOtherFieldsLenient() {
    Deliveries acme = connector(LENIENT, Map.of("price", STRICT));

    acme.deliver(shopRun("j1").row("title", "a", "price", 1, "rating", "n/a").write());
    ApplicationFailure failure = assertThrows(ApplicationFailure.class,
        () -> acme.stage(shopRun("j2").row("title", "a", "price", "n/a", "rating", 4.0).write()));

    assertNull(acme.rows(Lakehouse.versionTable("shop", 1)).get(0).get("rating"));
    assertEquals("CAST_STRICT_VIOLATION", failure.getType());
  }

  @Test
  void aWorkflowQualifiedOverrideWinsOverThePlainFieldOverride() {
    Deliveries acme = connector(STRICT, Map.of("price", STRICT, "shop.price", LENIENT));

    acme.deliver(shopRun("j1").row("title", "a", "price", "n/a", "rating", 4.0).write());

    assertNull(acme.rows(Lakehouse.versionTable("shop", 1)).get(0).get("price"));
  }

  @Test
  void lenientNullsAreCountedPerFieldInTheRunsRow() {
    Deliveries acme = connector(LENIENT, Map.of());

    acme.deliver(shopRun("j1")
        .row("title", "a", "price", "n/a", "rating", 4.0)
        .row("title", "b", "price", true, "rating", "five")
        .row("title", "c", "price", null, "rating", 2.0)
        .write());

    Map<String, Object> run = acme.rows(MetadataTables.RUNS).get(0);
    assertEquals("j1", run.get("job_id"));
    assertEquals(3L, run.get("nulled_values"));
    assertEquals("{\"price\":2,\"rating\":1}", run.get("nulled_by_field"));
  }

  @Test
  void aRunWithNothingNulledRecordsAnEmptyCountMap() {
    Deliveries acme = connector(LENIENT, Map.of());

    acme.deliver(shopRun("j1").row("title", "a", "price", 1, "rating", 4.0).write());

    Map<String, Object> run = acme.rows(MetadataTables.RUNS).get(0);
    assertEquals(0L, run.get("nulled_values"));
    assertEquals("{}", run.get("nulled_by_field"));
  }

  @Test
  void schemaFieldsRecordEachFieldsEffectivePolicy() {
    Deliveries acme = connector(LENIENT, Map.of("shop.price", STRICT));

    acme.deliver(shopRun("j1").row("title", "a", "price", 1, "rating", 4.0).write());

    Map<Object, Object> policies = acme.rows(MetadataTables.SCHEMA_FIELDS).stream()
        .collect(Collectors.toMap(r -> r.get("source_name"), r -> r.get("cast_policy")));
    assertEquals(Map.of("title", "LENIENT", "price", "STRICT", "rating", "LENIENT"), policies);
  }
}
