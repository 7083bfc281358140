package io.shareline.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.schema.FieldSpec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;

/**
 * Writes a realistic sample source to a local folder: product-price, job-board and
 * contacts scrapers with private fields at the top level and nested inside objects, a schema change,
 * nulls, values that do not fit their type, gzipped runs and an activity log. Deterministic: the same
 * spec gives byte-identical files, because all times derive from a fixed start and all randomness from
 * the seed.
 */
public final class SampleSourceGenerator {

  static final Instant FIRST_RUN = Instant.parse("2026-01-05T06:00:00Z");
  private static final Duration RUN_INTERVAL = Duration.ofHours(6);
  private static final DateTimeFormatter JOB_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] USERS = {"ana.martin@example.com", "jonas.schmidt@example.com", "mei.tanaka@example.com"};
  private static final String[] REQUEST_SOURCES = {"scheduler", "api", "ui"};

  private SampleSourceGenerator() {}

  public static SampleSummary generate(Path root, SampleSpec spec) {
    List<Event> events = new ArrayList<>();
    List<SampleSummary.Workflow> workflows = new ArrayList<>();
    for (int w = 0; w < spec.workflows(); w++) {
      SampleTemplate template = SampleTemplate.values()[w % SampleTemplate.values().length];
      int copy = w / SampleTemplate.values().length + 1;
      String id = template.slug + "-" + copy;
      String name = template.title + (copy > 1 ? " #" + copy : "");
      Random random = new Random(spec.seed() * 1_000_003L + w);
      Instant created = FIRST_RUN.minus(Duration.ofDays(30)).plus(Duration.ofHours(w));
      write(root.resolve("workflows").resolve(id).resolve("workflow.json"), pretty(workflowJson(id, name, template, created)));
      events.add(event(random, created, "workflow.created", "Workflow \"" + name + "\" created", name, id, null));

      List<SampleRun> runs = new ArrayList<>();
      for (int i = 0; i < spec.runsPerWorkflow(); i++) {
        Instant started = FIRST_RUN.plus(RUN_INTERVAL.multipliedBy(i)).plus(Duration.ofMinutes(17L * w + random.nextInt(5)));
        int spread = spec.rowsPerRun() / 5;
        int rows = Math.max(1, spec.rowsPerRun() - spread + random.nextInt(2 * spread + 1));
        boolean gzip = spec.gzipSome() && (w + i) % 3 == 1;
        List<FieldSpec> schema = template.schema(i, spec.runsPerWorkflow());
        runs.add(writeRun(root, new RunPlan(id, name, i + 1, started, schema, rows, gzip), random, events));
      }
      workflows.add(new SampleSummary.Workflow(id, name, runs));
    }
    writeActivity(root, events, false);
    return new SampleSummary(root, workflows);
  }

  /**
   * Adds one run, newer than every existing one and with the newest run's schema, to a workflow of an
   * existing source (a demo's "live" run), and logs it in the activity log.
   */
  public static SampleRun appendRun(Path root, String workflowId, long seed, int rows) {
    RunSource source = new RunSource(new Configuration(), root.toString());
    List<String> jobs = source.listJobIds(workflowId);
    if (jobs.isEmpty()) {
      throw new IllegalArgumentException("workflow " + workflowId + " has no run to continue from");
    }
    RunInfo last = source.readRun(workflowId, jobs.get(jobs.size() - 1));
    String name = source.readWorkflow(workflowId).name();
    Random random = new Random(seed * 1_000_003L + jobs.size());
    List<Event> events = new ArrayList<>();
    Instant started = last.finishedAt().plus(Duration.ofHours(1));
    SampleRun run = writeRun(root, new RunPlan(workflowId, name, jobs.size() + 1, started, last.schema(), rows, false), random, events);
    writeActivity(root, events, true);
    return run;
  }

  private record RunPlan(
      String workflowId, String workflowName, int sequence, Instant startedAt, List<FieldSpec> schema, int rows, boolean gzip) {}

  private record Event(Instant at, ObjectNode json) {}

  private static SampleRun writeRun(Path root, RunPlan plan, Random random, List<Event> events) {
    Instant finished = plan.startedAt().plus(Duration.ofSeconds(120 + random.nextInt(1080)));
    String jobId = "job-" + JOB_TIME.format(plan.startedAt()) + "-" + plan.sequence();
    Path dir = root.resolve("workflows").resolve(plan.workflowId()).resolve("runs").resolve(jobId);
    Path rowsFile = dir.resolve(plan.gzip() ? "rows.jsonl.gz" : "rows.jsonl");
    SampleValues values = new SampleValues(random);
    long crawlMillis = Duration.between(plan.startedAt(), finished).toMillis();
    try {
      Files.createDirectories(dir);
      try (Writer out = rowsWriter(rowsFile, plan.gzip())) {
        for (int i = 0; i < plan.rows(); i++) {
          Instant fetchedAt = plan.startedAt().plusMillis(crawlMillis * i / plan.rows());
          out.write(RunSource.JSON.writeValueAsString(values.row(plan.schema(), fetchedAt)));
          out.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode run = NODES.objectNode().put("job_id", jobId).put("workflow_id", plan.workflowId())
        .put("status", "SUCCEEDED").put("started_at", plan.startedAt().toString()).put("finished_at", finished.toString())
        .put("row_count", plan.rows());
    run.set("schema", schemaJson(plan.schema()));
    write(dir.resolve("run.json"), pretty(run));

    events.add(event(random, plan.startedAt(), "run.started", "Run " + jobId + " started",
        plan.workflowName(), plan.workflowId(), jobId));
    events.add(event(random, finished, "run.succeeded", "Run " + jobId + " finished with " + plan.rows() + " rows",
        plan.workflowName(), plan.workflowId(), jobId));
    return new SampleRun(plan.workflowId(), jobId, plan.rows(), plan.gzip());
  }

  private static ObjectNode workflowJson(String id, String name, SampleTemplate template, Instant created) {
    ObjectNode json = NODES.objectNode().put("id", id).put("name", name).put("team", template.team)
        .put("created_at", created.toString()).put("schedule", "0 */6 * * *");
    if (template.flagAsList) {
      json.putArray("private_fields").add(template.flaggedInWorkflow);
    } else {
      json.putObject("fields").putObject(template.flaggedInWorkflow).put("private", true).put("reason", "internal cost data");
    }
    return json;
  }

  /** run.json marks {@code _} fields private too (redundantly); workflow-flagged fields stay unmarked here. */
  private static ArrayNode schemaJson(List<FieldSpec> schema) {
    ArrayNode fields = NODES.arrayNode();
    for (FieldSpec f : schema) {
      ObjectNode field = fields.addObject().put("name", f.name()).put("type", f.type().toString())
          .put("nullable", f.nullable()).put("description", f.description());
      if (FieldSpec.isPrivateName(f.name())) {
        field.put("private", true);
      }
    }
    return fields;
  }

  private static Event event(Random random, Instant at, String type, String title, String resource, String workflowId, String jobId) {
    ObjectNode json = NODES.objectNode().put("occurred_at", at.toString()).put("event_type", type)
        .put("event_title", title).put("resource_name", resource).put("workflow_id", workflowId)
        .put("request_source", type.startsWith("run.") ? REQUEST_SOURCES[0] : REQUEST_SOURCES[1 + random.nextInt(2)])
        .put("user_email", USERS[random.nextInt(USERS.length)]);
    ObjectNode payload = json.putObject("payload").put("ip", "192.0.2." + random.nextInt(255));
    if (jobId != null) {
      payload.put("job_id", jobId);
    }
    return new Event(at, json);
  }

  /** One file per UTC day, events in time order; appending keeps earlier lines as they are. */
  private static void writeActivity(Path root, List<Event> events, boolean append) {
    Map<LocalDate, List<Event>> byDay = new TreeMap<>();
    events.stream().sorted(Comparator.comparing(Event::at))
        .forEach(e -> byDay.computeIfAbsent(LocalDate.ofInstant(e.at(), ZoneOffset.UTC), d -> new ArrayList<>()).add(e));
    try {
      Files.createDirectories(root.resolve("activity"));
      for (Map.Entry<LocalDate, List<Event>> day : byDay.entrySet()) {
        StringBuilder text = new StringBuilder();
        for (Event e : day.getValue()) {
          text.append(RunSource.JSON.writeValueAsString(e.json())).append('\n');
        }
        Path file = root.resolve("activity").resolve(day.getKey() + ".jsonl");
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Writer rowsWriter(Path file, boolean gzip) throws IOException {
    OutputStream out = Files.newOutputStream(file);
    return new BufferedWriter(new OutputStreamWriter(gzip ? new GZIPOutputStream(out, 1 << 16) : out, StandardCharsets.UTF_8));
  }

  private static String pretty(JsonNode json) {
    try {
      return RunSource.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
