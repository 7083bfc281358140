package io.shareline.provider.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shareline.provider.snowflake.EmulatedSnowflake.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An HTTP emulator of Snowflake's SQL API v2 on 127.0.0.1: {@code POST /api/v2/statements},
 * {@code GET /api/v2/statements/{handle}} (with {@code partition}), {@code POST …/{handle}/cancel}. Every
 * request is held to the documented contract (headers, key-pair JWT checked against the registered public
 * key, body fields, bindings, requestId) and its statement runs against {@link EmulatedSnowflake}. A
 * statement can be made to run for a while ({@link #runFor}) so it is answered {@code 202} and polled,
 * results are cut into partitions ({@link #partitionSize}), and faults (429 with Retry-After, an answer
 * lost after the statement ran) can be injected. Every call is recorded.
 */
public final class SnowflakeEmulator implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> BODY_FIELDS = Set.of("statement", "timeout", "database", "schema", "warehouse",
      "role", "bindings", "parameters");
  private static final Set<String> BINDING_TYPES = Set.of("FIXED", "REAL", "TEXT", "BINARY", "BOOLEAN", "DATE", "TIME",
      "TIMESTAMP_TZ", "TIMESTAMP_LTZ", "TIMESTAMP_NTZ");

  /** One request as it arrived and the status it got (0: answer dropped). */
  public record Call(String method, String path, String query, String body, Map<String, List<String>> headers, int status) {}

  /** An answer forced on the next statement request; {@code afterApply}: the statement runs, its answer is lost. */
  public record Fault(int status, Integer retryAfterSeconds, boolean afterApply) {}

  static {
    // Answers go out as headers then body; without TCP_NODELAY each waits for the client's delayed ACK (~40 ms).
    // Read once, when the JDK's first HttpServer starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  final EmulatedSnowflake snowflake = new EmulatedSnowflake();
  final EmulatedStatements statements;
  private final HttpServer server;
  private final ScheduledExecutorService runner = Executors.newScheduledThreadPool(2);
  private final java.util.concurrent.ExecutorService handlers = Executors.newFixedThreadPool(4);
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();

  public SnowflakeEmulator() throws IOException {
    statements = new EmulatedStatements(snowflake, runner);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** An account; {@code region} as CURRENT_REGION() names it (AWS_US_EAST_1). */
  public EmulatedAccount account(String organization, String name, String locator, String region) {
    return snowflake.account(organization, name, locator, region);
  }

  /** A user with its registered public key, default role and the roles granted to it. */
  public void user(EmulatedAccount account, String user, RSAPublicKey key, String defaultRole, String... roles) {
    synchronized (snowflake) {
      account.userKeys.put(user.toUpperCase(), key);
      account.defaultRoles.put(user.toUpperCase(), defaultRole);
      Set<String> granted = new LinkedHashSet<>(List.of(roles));
      granted.add(defaultRole);
      account.userRoles.put(user.toUpperCase(), granted);
    }
  }

  /** A privilege granted to a role: ("CREATE SHARE", "ACCOUNT", locator), ("USAGE", "WAREHOUSE", name)… */
  public void grant(EmulatedAccount account, String role, String privilege, String grantedOn, String name) {
    synchronized (snowflake) {
      account.grant(role, privilege, grantedOn, name);
    }
  }

  public void warehouse(EmulatedAccount account, String name) {
    synchronized (snowflake) {
      account.warehouses.add(name);
    }
  }

  public void integration(EmulatedAccount account, String name) {
    synchronized (snowflake) {
      account.integrations.add(name);
    }
  }

  /** A file under an external stage's URL: rows by column name. */
  public void stageFile(String url, List<Map<String, Object>> rows) {
    synchronized (snowflake) {
      snowflake.stages.files.put(url, List.copyOf(rows));
    }
  }

  /**
   * A bucket: staged files under {@code url} (s3://bucket/prefix/) are the Parquet files under the Hadoop
   * {@code location}, read with {@code conf}.
   */
  public void mount(String url, String location, org.apache.hadoop.conf.Configuration conf) {
    synchronized (snowflake) {
      snowflake.stages.mounts.put(url.endsWith("/") ? url : url + "/", location.endsWith("/") ? location : location + "/");
      snowflake.stages.conf = conf;
    }
  }

  /** How long each following statement runs before its result is ready. */
  public void runFor(Duration d) {
    statements.runningTime = d;
  }

  public void partitionSize(int rows) {
    statements.partitionSize = rows;
  }

  public void fault(Fault fault) {
    faults.add(fault);
  }

  /** Statements executed (a retried submission that found its first execution does not count). */
  public int executions() {
    return statements.executions.get();
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  private void handle(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String path = ex.getRequestURI().getPath();
    String query = ex.getRequestURI().getRawQuery();
    EmulatedStatements.Answer answer;
    try {
      answer = route(ex, path, query, body);
    } catch (EmulatorFailure f) {
      ObjectNode json = JSON.createObjectNode().put("message", f.getMessage());
      if (f.code != null) {
        json.put("code", f.code);
      }
      if (f.sqlState != null) {
        json.put("sqlState", f.sqlState);
      }
      answer = new EmulatedStatements.Answer(f.status, json, null);
    } catch (RuntimeException e) {
      answer = new EmulatedStatements.Answer(500, JSON.createObjectNode().put("message", e.toString()), null);
    }
    // recorded before the client can see the answer (or its loss), so calls() is in the order they were handled
    calls.add(new Call(ex.getRequestMethod(), path, query, body, Map.copyOf(ex.getRequestHeaders()),
        answer == null ? 0 : answer.status()));
    if (answer == null) {
      ex.close(); // the answer is lost: the connection closes without one
    } else {
      send(ex, answer);
    }
  }

  private EmulatedStatements.Answer route(HttpExchange ex, String path, String query, String body) throws IOException {
    var h = ex.getRequestHeaders();
    if (h.getFirst("User-Agent") == null || h.getFirst("User-Agent").isBlank()) {
      throw new EmulatorFailure(400, "391903", null, "User-Agent header is required.");
    }
    if (h.getFirst("Accept") == null || !h.getFirst("Accept").contains("application/json")) {
      throw new EmulatorFailure(400, null, null, "Accept must be application/json.");
    }
    EmulatedJwt.Caller caller = EmulatedJwt.verify(snowflake, h.getFirst("Authorization"),
        h.getFirst("X-Snowflake-Authorization-Token-Type"), Instant.now());
    Fault fault = faults.peek() != null && path.startsWith("/api/v2/statements") ? faults.poll() : null;
    if (fault != null && !fault.afterApply()) {
      return new EmulatedStatements.Answer(fault.status(), JSON.createObjectNode().put("message",
          fault.status() == 429 ? "Too many requests." : "Service unavailable."), fault.retryAfterSeconds());
    }
    Map<String, String> params = EmulatedStatements.params(query);
    EmulatedStatements.Answer answer;
    if (ex.getRequestMethod().equals("POST") && path.equals("/api/v2/statements")) {
      if (!String.valueOf(h.getFirst("Content-Type")).startsWith("application/json")) {
        throw new EmulatorFailure(415, null, null, "Content-Type must be application/json.");
      }
      answer = statements.submit(caller, session(caller, json(body)), params);
    } else if (ex.getRequestMethod().equals("GET") && path.matches("/api/v2/statements/[^/]+")) {
      answer = statements.status(caller, path.substring("/api/v2/statements/".length()), params);
    } else if (ex.getRequestMethod().equals("POST") && path.matches("/api/v2/statements/[^/]+/cancel")) {
      answer = statements.cancel(caller, path.split("/")[4]);
    } else {
      throw new EmulatorFailure(404, null, null, "Not found: " + ex.getRequestMethod() + " " + path);
    }
    return fault != null ? null : answer;
  }

  /** The body's fields checked against the documented request body, then the session they describe. */
  private EmulatedStatements.Submitted session(EmulatedJwt.Caller caller, JsonNode body) {
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!BODY_FIELDS.contains(f)) {
        throw new EmulatorFailure(400, null, null, "Unrecognized field '" + f + "' in the request body.");
      }
    }
    if (!body.path("statement").isTextual() || body.path("statement").asText().isBlank()) {
      throw new EmulatorFailure(400, null, null, "The request body must contain 'statement'.");
    }
    if (body.has("timeout") && (!body.get("timeout").canConvertToLong() || body.get("timeout").asLong() < 0)) {
      throw new EmulatorFailure(400, null, null, "'timeout' must be a non-negative number of seconds.");
    }
    List<SnowflakeStatement.Binding> bindings = new java.util.ArrayList<>();
    JsonNode b = body.path("bindings");
    for (int i = 1; i <= b.size(); i++) {
      JsonNode one = b.get(Integer.toString(i));
      if (one == null || !BINDING_TYPES.contains(one.path("type").asText())) {
        throw new EmulatorFailure(400, null, null, "Binding " + i + " is missing or has no valid type.");
      }
      bindings.add(new SnowflakeStatement.Binding(one.path("type").asText(), one.path("value").isNull() ? null
          : one.path("value").asText()));
    }
    String sql = body.get("statement").asText();
    if (SqlTokens.marks(sql) != bindings.size()) {
      throw EmulatorFailure.statement("002049", "42601", "SQL compilation error: Bind variable ? not set.");
    }
    String user = caller.user();
    String role;
    synchronized (snowflake) {
      role = body.hasNonNull("role") ? body.get("role").asText() : caller.account().defaultRoles.get(user);
      if (!caller.account().userRoles.getOrDefault(user, Set.of()).contains(role)) {
        throw EmulatorFailure.statement("390189", "08004", "Role '" + role + "' specified in the connect string is not"
            + " granted to this user. Contact your local system administrator, or attempt to login with another role.");
      }
    }
    Session session = new Session(caller.account(), user, role, text(body, "warehouse"), text(body, "database"),
        text(body, "schema"));
    JsonNode count = body.path("parameters").path("MULTI_STATEMENT_COUNT");
    int statementCount = count.isMissingNode() ? 1 : count.asInt(-1);
    if (statementCount < 0) {
      throw new EmulatorFailure(400, null, null, "MULTI_STATEMENT_COUNT must be a number.");
    }
    return new EmulatedStatements.Submitted(session, sql, bindings, body.path("timeout").asLong(0), statementCount);
  }

  private static String text(JsonNode body, String field) {
    return body.hasNonNull(field) ? body.get(field).asText() : null;
  }

  private static JsonNode json(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw new EmulatorFailure(400, null, null, "The request body must be a JSON object.");
      }
      return n;
    } catch (IOException e) {
      throw new EmulatorFailure(400, null, null, "The request body is not JSON.");
    }
  }

  private static void send(HttpExchange ex, EmulatedStatements.Answer answer) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(answer.body());
    ex.getResponseHeaders().set("Content-Type", "application/json");
    if (answer.retryAfterSeconds() != null) {
      ex.getResponseHeaders().set("Retry-After", answer.retryAfterSeconds().toString());
    }
    ex.sendResponseHeaders(answer.status(), bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() throws Exception {
    server.stop(0);
    handlers.shutdownNow();
    runner.shutdownNow();
    snowflake.close();
  }
}
