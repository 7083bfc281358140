package io.shareline.worker.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.delivery.RunRef;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Random;

/**
 * Writes benchmark source runs in the engine's layout: ten public fields of mixed types, an
 * object with a nested private key, and a private top-level field the delivery must never read.
 */
final class BenchSource {

  /** name, type: the public fields, then one private field. */
  static final String[][] SCHEMA = {
      {"title", "STRING"}, {"url", "LINK"}, {"reviews", "INTEGER"}, {"rating", "NUMBER"}, {"price", "MONEY"},
      {"in_stock", "BOOLEAN"}, {"scraped_on", "DATE"}, {"seen_at", "DATETIME"}, {"tags", "ARRAY<STRING>"},
      {"seller", "OBJECT"}, {"_raw_html", "STRING"}};

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant STARTED = Instant.parse("2026-11-01T06:00:00Z");
  private static final String[] WORDS = {"steel", "kettle", "blue", "organic", "cotton", "lamp", "desk", "chair",
      "smart", "mini", "pro", "travel", "garden", "oak", "wireless", "compact"};
  private static final String[] TAGS = {"bestseller", "new", "sale", "eco", "limited", "bundle"};

  private final Path root;

  BenchSource(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** Writes workflow.json, run.json and rows.jsonl of one finished run with {@code rows} rows. */
  RunRef writeRun(String workflowId, String jobId, int rows, long seed) {
    Path workflow = root.resolve("workflows").resolve(workflowId);
    Path run = workflow.resolve("runs").resolve(jobId);
    try {
      Files.createDirectories(run);
      ObjectNode wf = JSON.createObjectNode().put("id", workflowId).put("name", "Bench " + workflowId)
          .put("team", "bench").put("created_at", STARTED.minusSeconds(86_400).toString());
      Files.writeString(workflow.resolve("workflow.json"), JSON.writeValueAsString(wf));
      writeRows(run.resolve("rows.jsonl"), rows, new Random(seed));
      ObjectNode info = JSON.createObjectNode().put("job_id", jobId).put("workflow_id", workflowId)
          .put("status", "SUCCEEDED").put("started_at", STARTED.toString())
          .put("finished_at", STARTED.plusSeconds(600).toString()).put("row_count", rows);
      ArrayNode schema = info.putArray("schema");
      for (String[] f : SCHEMA) {
        schema.addObject().put("name", f[0]).put("type", f[1]).put("nullable", true);
      }
      Files.writeString(run.resolve("run.json"), JSON.writeValueAsString(info));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new RunRef(workflowId, jobId);
  }

  private static void writeRows(Path file, int rows, Random random) throws IOException {
    LocalDate day = LocalDate.of(2026, 11, 1);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.setRootValueSeparator(null);
      for (int i = 0; i < rows; i++) {
        g.writeStartObject();
        g.writeStringField("title", word(random) + " " + word(random) + " " + word(random) + " #" + i);
        g.writeStringField("url", "https://shop.example.com/p/" + Long.toHexString(random.nextLong()));
        g.writeNumberField("reviews", random.nextInt(50_000));
        if (random.nextInt(10) > 0) {
          g.writeNumberField("rating", Math.round(random.nextDouble() * 50) / 10.0);
        }
        // Money arrives both as display text and as plain numbers.
        int cents = random.nextInt(500_000);
        if (i % 2 == 0) {
          g.writeStringField("price", String.format("$%,d.%02d", cents / 100, cents % 100));
        } else {
          g.writeNumberField("price", cents / 100.0);
        }
        g.writeBooleanField("in_stock", random.nextBoolean());
        g.writeStringField("scraped_on", day.plusDays(i % 30).toString());
        g.writeStringField("seen_at", STARTED.plusMillis(i * 37L).toString());
        g.writeArrayFieldStart("tags");
        for (int t = random.nextInt(4); t > 0; t--) {
          g.writeString(TAGS[random.nextInt(TAGS.length)]);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("seller");
        g.writeStringField("name", word(random) + " store");
        g.writeNumberField("score", random.nextInt(100));
        g.writeStringField("_account_id", "acct-" + random.nextInt(1_000_000));
        g.writeEndObject();
        g.writeStringField("_raw_html", "<html><body>" + word(random) + "</body></html>");
        g.writeEndObject();
        g.writeRaw('\n');
      }
    }
  }

  private static String word(Random random) {
    return WORDS[random.nextInt(WORDS.length)];
  }
}
