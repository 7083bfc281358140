package io.shareline.activitylog;

import static io.shareline.activitylog.ActivityLogFixture.EventLine.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.activitylog.export.ActivityLogActivitiesImpl;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.provider.local.LocalShareProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivityLogActivitiesTest {
  private static final List<String> ALLOWLIST =
      List.of("occurred_at", "event_type", "event_title", "resource_name", "workflow_id", "request_source");

  @TempDir Path dir;
  private ActivityLogFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new ActivityLogFixture(dir);
  }

  @Test
  void onlyTheAllowlistedColumnsAndValuesReachTheTable() {
    ConnectorSpec spec = fixture.connector();

    fixture.exportAll(spec, ActivityCursor.start(), 1_000);

    assertEquals(ALLOWLIST, fixture.tables.info(fixture.table()).schema().fieldNames());
    List<Map<String, Object>> rows = fixture.rows();
    assertEquals(fixture.sourceLines().size(), rows.size());
    for (Map<String, Object> row : rows) {
      assertTrue(row.get("occurred_at") instanceof Long, "occurred_at is a timestamp");
      for (Object value : row.values()) {
        String text = String.valueOf(value);
        assertFalse(text.contains("@example.com") || text.contains("192.0.2.") || text.contains("ip"),
            "a non-allowlisted value leaked: " + text);
      }
    }
  }

  @Test
  void theTableIsRegisteredAndShared() {
    ConnectorSpec spec = fixture.connector();

    fixture.exporter().exportActivity(spec, ActivityCursor.start(), 10);

    LocalShareProvider.State provider = ((LocalShareProvider) providerOf()).read(spec).orElseThrow();
    assertTrue(provider.sharedTables().contains(ActivityLogActivitiesImpl.TABLE));
    assertEquals(fixture.table(), provider.catalog().get(ActivityLogActivitiesImpl.TABLE));
  }

  @Test
  void batchesAreBoundedAndTogetherExportEveryEventOnce() {
    ConnectorSpec spec = fixture.connector();
    ActivityCursor cursor = ActivityCursor.start();
    int batches = 0;
    ActivityExport batch;
    do {
      batch = fixture.exporter().exportActivity(spec, cursor, 3);
      assertTrue(batch.exported() <= 3, "batch of " + batch.exported());
      cursor = batch.next();
      batches++;
    } while (!batch.caughtUp());

    int events = fixture.sourceLines().size();
    assertTrue(batches >= events / 3, batches + " batches for " + events + " events");
    assertEquals(events, fixture.rows().size());
  }

  @Test
  void aBatchRepeatedAfterACrashAddsNothingTwice() {
    ConnectorSpec spec = fixture.connector();

    ActivityExport first = fixture.exporter().exportActivity(spec, ActivityCursor.start(), 5);
    ActivityExport repeated = fixture.exporter().exportActivity(spec, ActivityCursor.start(), 5);

    assertEquals(5, first.exported());
    assertEquals(0, repeated.exported());
    assertEquals(first.next(), repeated.next());
    assertEquals(5, fixture.rows().size());
  }

  @Test
  void aRepeatedBatchOverAFileThatGrewAddsOnlyTheNewLines() {
    ConnectorSpec spec = fixture.connector();
    fixture.exportAll(spec, ActivityCursor.start(), 1_000);
    int before = fixture.rows().size();

    fixture.append(fixture.newestDayFile(), event().line() + event().type("workflow.paused").line());
    fixture.exportAll(spec, ActivityCursor.start(), 1_000);

    assertEquals(before + 2, fixture.rows().size());
  }

  @Test
  void linesAppendedToADayFileArePickedUpAndAHalfWrittenLineWaits() {
    ConnectorSpec spec = fixture.connector();
    ActivityCursor caughtUp = fixture.exportAll(spec, ActivityCursor.start(), 1_000);
    String complete = event().type("workflow.paused").line();
    String half = event().type("workflow.resumed").line();

    fixture.append(fixture.newestDayFile(), complete + half.substring(0, 20));
    ActivityExport next = fixture.exporter().exportActivity(spec, caughtUp, 1_000);
    fixture.append(fixture.newestDayFile(), half.substring(20));
    ActivityExport after = fixture.exporter().exportActivity(spec, next.next(), 1_000);

    assertEquals(1, next.exported());
    assertEquals(0, next.malformed());
    assertEquals(1, after.exported());
    assertEquals(0, after.malformed());
    assertEquals(Set.of("workflow.paused", "workflow.resumed"), eventTypesAfter(caughtUp));
  }

  @Test
  void eventsOfWorkflowsOutOfScopeAreDropped() {
    String inScope = fixture.sample.workflows().get(0).id();
    ConnectorSpec spec = fixture.connector(inScope);

    ActivityExport batch = fixture.exporter().exportActivity(spec, ActivityCursor.start(), 1_000);

    Set<Object> workflowIds = fixture.rows().stream().map(r -> r.get("workflow_id")).collect(Collectors.toSet());
    assertEquals(Set.of(inScope), workflowIds);
    assertTrue(batch.dropped() > 0);
    assertEquals(fixture.sourceLines().size(), batch.exported() + batch.dropped());
  }

  @Test
  void eventsWithoutAWorkflowAreDroppedWhenTheScopeIsAList() {
    ConnectorSpec spec = fixture.connector(fixture.sample.workflows().get(0).id());
    ActivityCursor caughtUp = fixture.exportAll(spec, ActivityCursor.start(), 1_000);

    fixture.append(fixture.newestDayFile(), event().type("account.updated").line());
    ActivityExport batch = fixture.exporter().exportActivity(spec, caughtUp, 1_000);

    assertEquals(0, batch.exported());
    assertEquals(1, batch.dropped());
  }

  @Test
  void aMalformedLineIsSkippedCountedAndNeverEchoed() {
    ConnectorSpec spec = fixture.connector();
    ActivityCursor caughtUp = fixture.exportAll(spec, ActivityCursor.start(), 1_000);

    fixture.append(fixture.newestDayFile(), "{\"occurred_at\": \"secret-value\n"
        + "{\"event_type\":\"no.time\",\"event_title\":\"secret-value\"}\n"
        + event().at("yesterday-ish").line()
        + event().type("workflow.paused").line());
    ActivityExport batch = fixture.exporter().exportActivity(spec, caughtUp, 1_000);

    assertEquals(3, batch.malformed());
    assertEquals(1, batch.exported());
    assertTrue(batch.caughtUp());
    assertFalse(fixture.rows().toString().contains("secret-value"));
  }

  @Test
  void theEndCursorSkipsHistory() {
    ConnectorSpec spec = fixture.connector();
    ActivityCursor end = fixture.exporter().activityCursorAtEnd(spec);

    ActivityExport nothingYet = fixture.exporter().exportActivity(spec, end, 1_000);
    fixture.append(fixture.newestDayFile(), event().type("workflow.paused").line());
    ActivityExport batch = fixture.exporter().exportActivity(spec, nothingYet.next(), 1_000);

    assertEquals(0, nothingYet.exported());
    assertTrue(nothingYet.caughtUp());
    assertEquals(1, batch.exported());
    assertEquals(1, fixture.rows().size());
  }

  @Test
  void aNewDayFileIsPickedUpAfterTheCurrentOne() {
    ConnectorSpec spec = fixture.connector();
    ActivityCursor caughtUp = fixture.exportAll(spec, ActivityCursor.start(), 1_000);

    fixture.append(fixture.source.resolve("activity").resolve("2099-01-01.jsonl"),
        event().at("2099-01-01T00:00:01Z").line());
    ActivityExport batch = fixture.exporter().exportActivity(spec, caughtUp, 1_000);

    assertEquals(1, batch.exported());
    assertEquals(new ActivityCursor("2099-01-01.jsonl", 1), batch.next());
  }

  private Set<Object> eventTypesAfter(ActivityCursor cursor) {
    long micros = fixture.rows().stream()
        .filter(r -> "workflow.paused".equals(r.get("event_type")))
        .mapToLong(r -> (Long) r.get("occurred_at")).findFirst().orElseThrow();
    return fixture.rows().stream().filter(r -> (Long) r.get("occurred_at") == micros)
        .map(r -> r.get("event_type")).collect(Collectors.toSet());
  }

  private io.shareline.provider.ShareProvider providerOf() {
    return new io.shareline.provider.local.LocalShareProvider(fixture.activities.lakehouse(), fixture.tables);
  }
}
