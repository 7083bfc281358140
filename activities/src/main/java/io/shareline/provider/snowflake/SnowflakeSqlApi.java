package io.shareline.provider.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
  private static final Duration FIRST_PAUSE = SqlApiExchange.FIRST_PAUSE;
  private static final Duration LONGEST_PAUSE = SqlApiExchange.LONGEST_PAUSE;
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
  private final SqlApiExchange exchange;
  private final Clock clock;

  public SnowflakeSqlApi(Settings settings, SnowflakeKeyPair key, SnowflakeContext context, HttpClient http,
      Clock clock) {
    this.settings = settings;
    this.key = key;
    this.context = context;
    this.exchange = new SqlApiExchange(key, new SnowflakeErrors(key, context), http);
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
    SqlApiExchange.Attempted answer = null;
    for (int attempt = 1; attempt <= SUBMIT_ATTEMPTS; attempt++) {
      URI uri = settings.baseUrl().resolve("/api/v2/statements?requestId=" + requestId + (attempt > 1 ? "&retry=true" : ""));
      answer = exchange.send(purpose, statement, exchange.request(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
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
      SqlApiExchange.Attempted answer = get(purpose, submission.statementHandle(), null);
      json = answer.status == 202 ? null : answer.finish();
    }
    return json;
  }

  /** {@code POST /api/v2/statements/{handle}/cancel}. */
  public void cancel(String purpose, String handle) {
    URI uri = settings.baseUrl().resolve("/api/v2/statements/" + handle + "/cancel");
    exchange.send(purpose + ": cancel", null, exchange.request(uri).POST(HttpRequest.BodyPublishers.noBody()).build()).finish();
  }

  /** The current status of a statement: empty while it runs, its first partition once done. */
  public Optional<JsonNode> status(String purpose, String handle) {
    SqlApiExchange.Attempted answer = get(purpose, handle, null);
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

  private SqlApiExchange.Attempted get(String purpose, String handle, Integer partition) {
    URI uri = settings.baseUrl().resolve("/api/v2/statements/" + handle + (partition == null ? "" : "?partition=" + partition));
    SqlApiExchange.Attempted answer = null;
    for (int attempt = 1; attempt <= SUBMIT_ATTEMPTS; attempt++) {
      answer = exchange.send(purpose, null, exchange.request(uri).GET().build());
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

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(Failures.PROVIDER_TRANSIENT, "interrupted while waiting for Snowflake");
    }
  }
}
