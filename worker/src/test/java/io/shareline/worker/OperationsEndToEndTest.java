package io.shareline.worker;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.client.SharelineClient;
import io.shareline.client.codec.CodecKeys;
import io.shareline.client.codec.EncryptionCodec;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.source.SampleSummary;
import io.shareline.worker.config.WorkerSettings;
import io.shareline.worker.process.WorkerProcess;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real delivery through an embedded server and a worker with payload encryption, metrics and the
 * codec endpoint on, then what an operator and an attacker with the history each see.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class OperationsEndToEndTest {

  private static final String CONNECTOR = "ops";
  private static final String KEYS = CodecKeys.generate("k2") + "," + CodecKeys.generate("k1");
  private static final String TOKEN = "codec-token-" + System.nanoTime();

  @TempDir static Path tmp;
  private SampleSummary sample;
  private WorkerProcess process;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void deliverASampleSource() {
    Path source = tmp.resolve("source");
    sample = SampleSourceGenerator.generate(source, new SampleSpec(7L, 2, 2, 12, false));
    Map<String, String> flags = Map.of("data-dir", tmp.resolve("data").toString(), "port", "0", "metrics.port", "0",
        "codec-server.port", "0", "shutdown-grace", "5s");
    Map<String, String> env = Map.of("SHARELINE_CODEC_KEYS", KEYS, "SHARELINE_CODEC_TOKEN", TOKEN);
    process = WorkerProcess.start(WorkerSettings.resolve(new WorkerSettings.Flags(flags, null), env), true);
    SharelineClient client = new SharelineClient(process.connection().client());
    client.createConnector(new ConnectorSpec(CONNECTOR, source.toAbsolutePath().toString(), "local",
        CONNECTOR + "-recipient", List.of(), true));
    ConnectorState state = client.awaitIdle(CONNECTOR, Duration.ofMinutes(3));
    assertTrue(state.failed().isEmpty(), "failed deliveries: " + state.failed());
  }

  @AfterAll
  void stop() {
    if (process != null) {
      process.close();
    }
  }

  @Test
  @Order(1)
  void theRawHistoryOfEveryWorkflowHoldsNoSourcePathRowValueOrPrivateFieldInClear() throws IOException {
    Map<String, History> histories = rawHistories();
    List<String> secrets = new ArrayList<>(sampleValues());
    secrets.add(sample.root().toAbsolutePath().toString());
    secrets.add(TOKEN);
    Stream.of(KEYS.split(",")).map(k -> k.substring(3)).forEach(secrets::add);

    List<String> leaks = new ArrayList<>();
    histories.forEach((id, history) -> {
      String raw = new String(history.toByteArray(), StandardCharsets.ISO_8859_1);
      for (String secret : secrets) {
        if (raw.contains(new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
          leaks.add(id + " holds '" + secret + "'");
        }
      }
    });

    assertTrue(histories.size() >= 4, histories.keySet().toString());
    assertTrue(secrets.size() > 20, "too few sample values to mean anything: " + secrets);
    assertEquals(List.of(), leaks);
  }

  @Test
  @Order(2)
  void theSameHistoryDecodesWithTheKeysSoTheSearchAboveCouldHaveFoundThePath() {
    History connector = rawHistories().get(TaskQueues.connectorWorkflowId(CONNECTOR));
    Payload input = connector.getEvents(0).getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0);

    Payload decoded = new EncryptionCodec(CodecKeys.parse(KEYS, "test")).decode(List.of(input)).get(0);

    assertEquals("k2", input.getMetadataOrThrow("encryption-key-id").toStringUtf8());
    assertTrue(decoded.getData().toStringUtf8().contains(sample.root().toAbsolutePath().toString()));
  }

  @Test
  @Order(3)
  void theCodecEndpointDecodesForTheWebUiOnlyWithTheToken() throws Exception {
    History connector = rawHistories().get(TaskQueues.connectorWorkflowId(CONNECTOR));
    Payload input = connector.getEvents(0).getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0);
    String body = "{\"payloads\":[{\"metadata\":{" + metadataJson(input) + "},\"data\":\""
        + Base64.getEncoder().encodeToString(input.getData().toByteArray()) + "\"}]}";
    String endpoint = "http://127.0.0.1:" + process.codecServer().orElseThrow().port();

    HttpResponse<String> decoded = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/decode"))
        .header("Authorization", "Bearer " + TOKEN).header("Origin", "http://localhost:8080")
        .header("X-Namespace", "default").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/decode"))
        .header("Authorization", "Bearer wrong").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/decode"))
        .header("Origin", "http://localhost:8080").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());

    JsonNode payload = new ObjectMapper().readTree(decoded.body()).get("payloads").get(0);
    String data = new String(Base64.getDecoder().decode(payload.get("data").asText()), StandardCharsets.UTF_8);
    assertAll(
        () -> assertEquals(200, decoded.statusCode(), decoded.body()),
        () -> assertTrue(data.contains(sample.root().toAbsolutePath().toString()), data),
        () -> assertEquals("http://localhost:8080", decoded.headers().firstValue("Access-Control-Allow-Origin").orElse("")),
        () -> assertEquals(401, refused.statusCode()),
        () -> assertEquals(204, preflight.statusCode()),
        () -> assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").contains("Authorization")));
  }

  @Test
  @Order(4)
  void metricsCarrySharelineDeliveryFiguresAndTemporalWorkerMetrics() throws Exception {
    long runs = sample.workflows().stream().mapToLong(w -> w.runs().size()).sum();
    String metrics = awaitScrape("shareline_connectors{state=\"ACTIVE\"} 1.0");

    assertAll(
        () -> assertEquals(runs, (long) value(metrics, "shareline_runs_delivered_total{connector=\"ops\"}"), metrics),
        () -> assertEquals(sample.totalRows(), (long) value(metrics, "shareline_rows_delivered_total{connector=\"ops\"}")),
        () -> assertTrue(value(metrics, "shareline_bytes_delivered_total{connector=\"ops\"}") > 0),
        () -> assertEquals(runs, (long) value(metrics, "shareline_delivery_lag_seconds_count")),
        () -> assertTrue(metrics.contains("shareline_stage_duration_seconds_count{outcome=\"succeeded\",stage=\"VERIFY\"}")),
        () -> assertTrue(metrics.contains("shareline_connectors{state=\"FIRST_LIVE_DELIVERY\"} 0.0")),
        () -> assertTrue(metrics.lines().anyMatch(l -> l.startsWith("temporal_activity_execution_latency")), metrics),
        () -> assertTrue(metrics.lines().anyMatch(l -> l.startsWith("temporal_workflow_task_")), metrics),
        () -> assertTrue(metrics.lines().anyMatch(l -> l.startsWith("temporal_request")), metrics));
  }

  @Test
  @Order(5)
  void healthIsUpWhileTemporalAnswersAndDownOnceTheServerStops() throws Exception {
    HttpResponse<String> up = get("/health");
    process.server().close();
    HttpResponse<String> down = get("/health");

    assertAll(
        () -> assertEquals(200, up.statusCode(), up.body()),
        () -> assertEquals("{\"status\":\"UP\",\"temporal\":\"SERVING\"}", up.body()),
        () -> assertEquals(503, down.statusCode(), down.body()),
        () -> assertTrue(down.body().startsWith("{\"status\":\"DOWN\",\"temporal\":\"unreachable: "), down.body()));
  }

  private Map<String, History> rawHistories() {
    WorkflowServiceStubs raw = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget(process.server().target()).build());
    try {
      List<String> ids = new ArrayList<>(List.of(TaskQueues.connectorWorkflowId(CONNECTOR),
          TaskQueues.backfillWorkflowId(CONNECTOR), "activitylog/" + CONNECTOR));
      Map<String, History> histories = new LinkedHashMap<>();
      // Every child any of them started too: run deliveries, and backfill batches (whose runs have no delivery of their own).
      for (int i = 0; i < ids.size(); i++) {
        History history = raw.blockingStub().getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
            .setNamespace("default").setExecution(WorkflowExecution.newBuilder().setWorkflowId(ids.get(i))).build())
            .getHistory();
        histories.put(ids.get(i), history);
        history.getEventsList().stream().filter(HistoryEvent::hasStartChildWorkflowExecutionInitiatedEventAttributes)
            .map(e -> e.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId())
            .filter(id -> !ids.contains(id))
            .forEach(ids::add);
      }
      int runs = sample.workflows().stream().mapToInt(w -> w.jobIds().size()).sum();
      assertTrue(ids.size() > 3 && ids.size() <= 3 + runs, "the connector's children: " + ids);
      return histories;
    } finally {
      raw.shutdownNow();
    }
  }

  /** Every text value of at least six characters in the sample's rows, private fields included, and those fields' names. */
  private List<String> sampleValues() throws IOException {
    TreeSet<String> values = new TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.walk(sample.root())) {
      for (Path rows : files.filter(p -> p.getFileName().toString().equals("rows.jsonl")).toList()) {
        for (String line : Files.readAllLines(rows)) {
          collect(json.readTree(line), values);
        }
      }
    }
    return List.copyOf(values);
  }

  private static void collect(JsonNode node, TreeSet<String> values) {
    if (node.isTextual() && node.asText().length() >= 6) {
      values.add(node.asText());
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().startsWith("_") && field.getKey().length() >= 6) {
        values.add(field.getKey());
      }
      collect(field.getValue(), values);
    }
    if (node.isArray()) {
      node.forEach(element -> collect(element, values));
    }
  }

  private static String metadataJson(Payload payload) {
    List<String> entries = new ArrayList<>();
    payload.getMetadataMap().forEach((key, value) -> entries.add("\"" + key + "\":\""
        + Base64.getEncoder().encodeToString(value.toByteArray()) + "\""));
    return String.join(",", entries);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + process.metricsServer().orElseThrow().port() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The connectors gauge refreshes on a timer: scrape until the wanted line shows. */
  private String awaitScrape(String wanted) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = get("/metrics").body();
      if (body.contains(wanted)) {
        return body;
      }
      Thread.sleep(500);
    }
    return body;
  }

  private static double value(String metrics, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
