package io.shareline.provider.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.activities.Progress;
import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Snowflake's SQL API v2 over the JDK HTTP client: submits a statement ({@code POST /api/v2/statements}
 * with its context in the body and a {@code requestId}), resubmits with {@code retry=true} after a lost
 * answer, a 429 or a 5xx so a statement never runs twice, polls a {@code 202} statement by its handle
 * with a growing pause up to a deadline (then cancels it), reads every result partition, and turns every
 * refusal into a classified {@link ProviderException}.
 */
public final class SnowflakeSqlApi {
  static final int SUBMIT_ATTEMPTS = 4;
  private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A submitted statement: finished (its first answer) or still running under its handle. */
  public record Submission(String statementHandle, UUID requestId, JsonNode finished) {
    public boolean running() {
      return finished == null;
    }
  }

  /** Settings: the API's base address, the statement timeout sent to Snowflake, the worker's own wait. */
  public record Settings(URI baseUrl, Duration statementTimeout, Duration pollDeadline) {}

  private final Settings settings;
  private final SnowflakeKeyPair key;
  private final SnowflakeContext context;
  private final SnowflakeErrors errors;
  private final HttpClient http;
  private final Clock clock;

  public SnowflakeSqlApi(Settings settings, SnowflakeKeyPair key, SnowflakeContext context, HttpClient http,
      Clock clock) {
    this.settings = settings;
    this.key = key;
    this.context = context;
    this.errors = new SnowflakeErrors(key, context);
    this.http = http;
    this.clock = clock;
  }

  public SnowflakeContext context() {
    return context;
  }

  /** The key pair's public side (fingerprint, subject) for reports; the private key stays inside it. */
  public SnowflakeKeyPair keyPair() {
    return key;
  }

  /** Runs one statement in the default context to its end and reads all its partitions. */
  public SnowflakeResult execute(String purpose, SnowflakeStatement statement) {
    return execute(purpose, statement, context);
  }

  /** Runs one statement in {@code in} (database and schema of the connector, say). */
  public SnowflakeResult execute(String purpose, SnowflakeStatement statement, SnowflakeContext in) {
    return await(purpose, submit(purpose, statement, in, UUID.randomUUID()));
  }

  /**
   * Submits with {@code requestId}; an attempt whose answer is lost, throttled or unavailable is sent again
   * with the same id and {@code retry=true}, which Snowflake answers with the first execution's status.
   */
  public Submission submit(String purpose, SnowflakeStatement statement, SnowflakeContext in, UUID requestId) {
    return submit(purpose, statement, in, requestId, 1);
  }

  /**
   * Runs several statements in one request ({@code MULTI_STATEMENT_COUNT}), the only way the SQL API runs
   * an explicit transaction: {@code BEGIN}, the statements, {@code COMMIT}. The request is submitted and
   * retried as one, so a lost answer never runs the transaction twice. Returns each statement's result.
   */
  public List<SnowflakeResult> executeAll(String purpose, List<SnowflakeStatement> statements, SnowflakeContext in) {
    StringBuilder sql = new StringBuilder();
    List<SnowflakeStatement.Binding> bindings = new ArrayList<>();
    for (SnowflakeStatement st : statements) {
      sql.append(sql.length() == 0 ? "" : ";\n").append(st.sql());
      bindings.addAll(st.bindings());
    }
    SnowflakeStatement all = new SnowflakeStatement(sql.toString(), bindings);
    JsonNode first = awaitJson(purpose, submit(purpose, all, in, UUID.randomUUID(), statements.size()));
    List<SnowflakeResult> results = new ArrayList<>();
    for (JsonNode handle : first.path("statementHandles")) {
      results.add(await(purpose, new Submission(handle.asText(), null, null)));
    }
    return results;
  }

  private Submission submit(String purpose, SnowflakeStatement statement, SnowflakeContext in, UUID requestId,
      int statementCount) {
    byte[] body = body(statement, in, statementCount);
    Attempted answer = null;
    for (int attempt = 1; attempt <= SUBMIT_ATTEMPTS; attempt++) {
      URI uri = settings.baseUrl().resolve("/api/v2/statements?requestId=" + requestId + (attempt > 1 ? "&retry=true" : ""));
      answer = send(purpose, statement, request(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
      if (!answer.worthRetrying() || attempt == SUBMIT_ATTEMPTS) {
        break;
      }
      pause(answer.nextPause(attempt));
    }
    JsonNode json = answer.finish();
    String handle = json.path("statementHandle").asText(null);
    return new Submission(handle, requestId, answer.status == 202 ? null : json);
  }

  /** Polls a running submission to its end (cancelling it past the deadline), then reads every partition. */
  public SnowflakeResult await(String purpose, Submission submission) {
    return result(purpose, awaitJson(purpose, submission));
  }

  private JsonNode awaitJson(String purpose, Submission submission) {
    JsonNode json = submission.finished();
    Instant deadline = clock.instant().plus(settings.pollDeadline());
    Duration pause = FIRST_PAUSE;
    while (json == null) {
      if (!clock.instant().isBefore(deadline)) {
        cancel(purpose, submission.statementHandle());
        throw new ProviderException(Failures.PROVIDER_TRANSIENT, purpose + " did not finish within "
            + settings.pollDeadline().toSeconds() + " s and was cancelled (statement " + submission.statementHandle()
            + "); the stage retries. If it recurs, use a larger warehouse or raise snowflake.poll-deadline.");
      }
      pause(pause);
      pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
      Attempted answer = get(purpose, submission.statementHandle(), null);
      json = answer.status == 202 ? null : answer.finish();
    }
    return json;
  }

  /** {@code POST /api/v2/statements/{handle}/cancel}. */
  public void cancel(String purpose, String handle) {
    URI uri = settings.baseUrl().resolve("/api/v2/statements/" + handle + "/cancel");
    send(purpose + ": cancel", null, request(uri).POST(HttpRequest.BodyPublishers.noBody()).build()).finish();
  }

  /** The current status of a statement: empty while it runs, its first partition once done. */
  public Optional<JsonNode> status(String purpose, String handle) {
    Attempted answer = get(purpose, handle, null);
    return answer.status == 202 ? Optional.empty() : Optional.of(answer.finish());
  }

  private SnowflakeResult result(String purpose, JsonNode json) {
    JsonNode meta = json.path("resultSetMetaData");
    List<SnowflakeResult.Column> columns = new ArrayList<>();
    for (JsonNode c : meta.path("rowType")) {
      columns.add(new SnowflakeResult.Column(c.path("name").asText(), c.path("type").asText()));
    }
    String handle = json.path("statementHandle").asText();
    List<List<String>> rows = new ArrayList<>(rows(json.path("data")));
    int partitions = meta.path("partitionInfo").size();
    for (int p = 1; p < partitions; p++) {
      rows.addAll(rows(get(purpose, handle, p).finish().path("data")));
    }
    return new SnowflakeResult(handle, columns, rows);
  }

  private Attempted get(String purpose, String handle, Integer partition) {
    URI uri = settings.baseUrl().resolve("/api/v2/statements/" + handle + (partition == null ? "" : "?partition=" + partition));
    Attempted answer = null;
    for (int attempt = 1; attempt <= SUBMIT_ATTEMPTS; attempt++) {
      answer = send(purpose, null, request(uri).GET().build());
      if (!answer.worthRetrying() || attempt == SUBMIT_ATTEMPTS) {
        break;
      }
      pause(answer.nextPause(attempt));
    }
    return answer;
  }

  private static List<List<String>> rows(JsonNode data) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : data) {
      List<String> cells = new ArrayList<>();
      row.forEach(cell -> cells.add(cell.isNull() ? null : cell.asText()));
      rows.add(cells);
    }
    return rows;
  }

  private byte[] body(SnowflakeStatement statement, SnowflakeContext in, int statementCount) {
    ObjectNode body = JSON.createObjectNode();
    body.put("statement", statement.sql());
    body.put("timeout", settings.statementTimeout().toSeconds());
    if (statementCount > 1) {
      body.putObject("parameters").put("MULTI_STATEMENT_COUNT", Integer.toString(statementCount));
    }
    putIfSet(body, "database", in.database());
    putIfSet(body, "schema", in.schema());
    putIfSet(body, "warehouse", in.warehouse());
    putIfSet(body, "role", in.role());
    if (!statement.bindings().isEmpty()) {
      ObjectNode bindings = body.putObject("bindings");
      for (int i = 0; i < statement.bindings().size(); i++) {
        SnowflakeStatement.Binding b = statement.bindings().get(i);
        bindings.putObject(Integer.toString(i + 1)).put("type", b.type()).put("value", b.value());
      }
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("a tree of strings always serializes", e);
    }
  }

  private static void putIfSet(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + key.token())
        .header("X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT")
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .header("User-Agent", "Shareline/" + version());
  }

  private Attempted send(String purpose, SnowflakeStatement statement, HttpRequest request) {
    Progress.beat(purpose);
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Attempted(purpose, statement, response.statusCode(), response.body(),
          response.headers().firstValue("Retry-After").flatMap(SnowflakeSqlApi::seconds), null);
    } catch (IOException e) {
      return new Attempted(purpose, statement, 0, null, Optional.empty(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(Failures.PROVIDER_TRANSIENT, purpose + " was interrupted");
    }
  }

  /** One exchange's outcome: an answer (any status) or the I/O failure that prevented it. */
  private final class Attempted {
    final String purpose;
    final SnowflakeStatement statement;
    final int status;
    final byte[] body;
    final Optional<Duration> retryAfter;
    final IOException failure;

    Attempted(String purpose, SnowflakeStatement statement, int status, byte[] body, Optional<Duration> retryAfter,
        IOException failure) {
      this.purpose = purpose;
      this.statement = statement;
      this.status = status;
      this.body = body;
      this.retryAfter = retryAfter;
      this.failure = failure;
    }

    /** The server's Retry-After, else a pause doubling with each attempt. */
    Duration nextPause(int attempt) {
      return retryAfter.orElse(FIRST_PAUSE.multipliedBy(1L << attempt));
    }

    /**
     * Lost answers, throttling and unavailability are retried here, unless the server asks for a longer
     * wait than a worker should block for: then the activity's own retry waits, with that delay.
     */
    boolean worthRetrying() {
      boolean transientAnswer = failure != null || status == 429 || status == 502 || status == 503 || status == 504;
      return transientAnswer && retryAfter.map(d -> d.compareTo(LONGEST_PAUSE) <= 0).orElse(true);
    }

    /** The JSON of a 200 or 202, or the classified failure of any other outcome. */
    JsonNode finish() {
      if (failure != null) {
        throw errors.unreachable(purpose, failure);
      }
      JsonNode json = parse(body);
      if (status == 200 || status == 202) {
        return json;
      }
      throw errors.failure(purpose, statement, status, text(json, "code"), text(json, "sqlState"),
          text(json, "message"), retryAfter.orElse(null));
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body == null || body.length == 0 ? JSON.createObjectNode() : JSON.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return JSON.createObjectNode().put("message", "answer was not JSON");
    }
  }

  private static String text(JsonNode json, String field) {
    JsonNode v = json.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Optional<Duration> seconds(String header) {
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(Failures.PROVIDER_TRANSIENT, "interrupted while waiting for Snowflake");
    }
  }

  static String version() {
    String v = SnowflakeSqlApi.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }
}
