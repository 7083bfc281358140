package io.shareline.activitylog;

import io.shareline.activities.SharelineActivities;
import io.shareline.activitylog.export.ActivityLogActivitiesImpl;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delta.DeltaTables;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.source.SampleSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/** A generated sample source, real activities over a data folder, and a provisioned connector. */
final class ActivityLogFixture {
  final Path source;
  final SampleSummary sample;
  final SharelineActivities activities;
  final DeltaTables tables;

  ActivityLogFixture(Path dir) {
    source = dir.resolve("source");
    sample = SampleSourceGenerator.generate(source, new SampleSpec(7L, 2, 3, 5, false));
    Configuration conf = new Configuration();
    activities = SharelineActivities.create(dir.resolve("data").toString(), conf);
    tables = new DeltaTables(conf);
  }

  /** A connector on the local provider, provisioned; {@code workflows} empty means all in scope. */
  ConnectorSpec connector(String... workflows) {
    ConnectorSpec spec = new ConnectorSpec("acme", source.toString(), "local", "acme-recipient", List.of(workflows), true);
    activities.onboarding().provision(spec);
    return spec;
  }

  ActivityLogActivitiesImpl exporter() {
    return activities.activityLog();
  }

  /** Exports batch after batch from {@code from} until caught up; the cursor reached. */
  ActivityCursor exportAll(ConnectorSpec spec, ActivityCursor from, int maxEvents) {
    ActivityExport batch;
    ActivityCursor cursor = from;
    do {
      batch = exporter().exportActivity(spec, cursor, maxEvents);
      cursor = batch.next();
    } while (!batch.caughtUp());
    return cursor;
  }

  String table() {
    return activities.lakehouse().tablePath("acme", ActivityLogActivitiesImpl.TABLE);
  }

  List<Map<String, Object>> rows() {
    return tables.readAll(table());
  }

  /** Every line of every day file, oldest file first. */
  List<String> sourceLines() {
    List<String> lines = new ArrayList<>();
    for (Path file : dayFiles()) {
      try {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lines;
  }

  Path newestDayFile() {
    List<Path> files = dayFiles();
    return files.get(files.size() - 1);
  }

  /** Appends text as it is (a line needs its own {@code \n}), as the engine appends to a day file. */
  void append(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Path> dayFiles() {
    try (Stream<Path> files = Files.list(source.resolve("activity"))) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A source event line; non-allowlisted fields included on purpose, as the engine writes them. */
  static final class EventLine {
    private String occurredAt = "2026-03-01T10:00:00Z";
    private String type = "workflow.updated";
    private String workflowId;

    static EventLine event() {
      return new EventLine();
    }

    EventLine at(String isoInstant) {
      occurredAt = isoInstant;
      return this;
    }

    EventLine type(String eventType) {
      type = eventType;
      return this;
    }

    EventLine workflow(String id) {
      workflowId = id;
      return this;
    }

    String line() {
      return "{\"occurred_at\":\"" + occurredAt + "\",\"event_type\":\"" + type + "\",\"event_title\":\"Updated\","
          + "\"resource_name\":\"Prices\",\"workflow_id\":" + (workflowId == null ? "null" : "\"" + workflowId + "\"")
          + ",\"request_source\":\"ui\",\"user_email\":\"leak@example.com\",\"payload\":{\"ip\":\"192.0.2.9\"}}\n";
    }
  }
}
