package io.shareline.provider.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shareline.provider.snowflake.EmulatedSnowflake.Session;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The statement lifecycle of the SQL API: a submission gets a handle; its statement runs now or after
 * the configured running time (cancellable until then, timed out past the body's {@code timeout}); the
 * answer is a ResultSet ({@code 200}, partitioned), a QueryStatus ({@code 202} while running, {@code 408}
 * on timeout) or a QueryFailureStatus ({@code 422}). A submission with a known {@code requestId} and
 * {@code retry=true} gets the first execution's status instead of running again.
 */
final class EmulatedStatements {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SYNC_WAIT = Duration.ofMillis(200);

  record Answer(int status, JsonNode body, Integer retryAfterSeconds) {}

  /** A checked submission; {@code statementCount} is MULTI_STATEMENT_COUNT (1 when absent, 0: any number). */
  record Submitted(Session session, String sql, List<SnowflakeStatement.Binding> bindings, long timeoutSeconds,
      int statementCount) {}

  enum State { RUNNING, SUCCEEDED, FAILED, CANCELED, TIMED_OUT }

  static final class Running {
    final String handle = UUID.randomUUID().toString();
    final String requestId;
    final Submitted submitted;
    final long createdOn = System.currentTimeMillis();
    volatile State state = State.RUNNING;
    volatile EmulatedRows rows;
    volatile EmulatorFailure failure;
    volatile List<String> children = List.of();
    volatile java.util.concurrent.Future<?> pending;

    Running(String requestId, Submitted submitted) {
      this.requestId = requestId;
      this.submitted = submitted;
    }
  }

  private final EmulatedSnowflake snowflake;
  private final ScheduledExecutorService runner;
  private final Map<String, Running> byHandle = new ConcurrentHashMap<>();
  private final Map<String, Running> byRequestId = new ConcurrentHashMap<>();
  final AtomicInteger executions = new AtomicInteger();
  volatile Duration runningTime = Duration.ZERO;
  volatile int partitionSize = 1000;

  EmulatedStatements(EmulatedSnowflake snowflake, ScheduledExecutorService runner) {
    this.snowflake = snowflake;
    this.runner = runner;
  }

  Answer submit(EmulatedJwt.Caller caller, Submitted submitted, Map<String, String> params) {
    String requestId = params.get("requestId");
    if (requestId != null) {
      try {
        UUID.fromString(requestId);
      } catch (IllegalArgumentException e) {
        throw new EmulatorFailure(400, null, null, "requestId must be a UUID.");
      }
      Running earlier = byRequestId.get(requestId);
      if (earlier != null && "true".equals(params.get("retry"))) {
        return answer(earlier, 0);
      }
    }
    Running r = new Running(requestId == null ? UUID.randomUUID().toString() : requestId, submitted);
    byHandle.put(r.handle, r);
    byRequestId.put(r.requestId, r);
    Duration run = runningTime;
    long timeoutMs = submitted.timeoutSeconds() * 1000;
    if (run.isZero()) {
      execute(r);
    } else if (timeoutMs > 0 && run.toMillis() > timeoutMs) {
      r.pending = runner.schedule(() -> finish(r, State.TIMED_OUT), timeoutMs, TimeUnit.MILLISECONDS);
    } else {
      r.pending = runner.schedule(() -> execute(r), run.toMillis(), TimeUnit.MILLISECONDS);
    }
    long waitUntil = System.nanoTime() + SYNC_WAIT.toNanos();
    while (r.state == State.RUNNING && System.nanoTime() < waitUntil) {
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return answer(r, 0);
  }

  Answer status(EmulatedJwt.Caller caller, String handle, Map<String, String> params) {
    Running r = own(caller, handle);
    int partition = 0;
    if (params.containsKey("partition")) {
      try {
        partition = Integer.parseInt(params.get("partition"));
      } catch (NumberFormatException e) {
        throw new EmulatorFailure(400, null, null, "partition must be a number.");
      }
    }
    return answer(r, partition);
  }

  Answer cancel(EmulatedJwt.Caller caller, String handle) {
    Running r = own(caller, handle);
    synchronized (r) {
      if (r.state == State.RUNNING) {
        r.pending.cancel(false);
        r.state = State.CANCELED;
      }
    }
    ObjectNode body = JSON.createObjectNode().put("code", "000604").put("sqlState", "57014")
        .put("message", "SQL execution canceled").put("statementHandle", r.handle)
        .put("statementStatusUrl", "/api/v2/statements/" + r.handle);
    return new Answer(200, body, null);
  }

  private Running own(EmulatedJwt.Caller caller, String handle) {
    Running r = byHandle.get(handle);
    if (r == null || r.submitted.session().account() != caller.account()) {
      throw new EmulatorFailure(404, null, null, "Statement " + handle + " not found.");
    }
    return r;
  }

  private void execute(Running r) {
    synchronized (r) {
      if (r.state != State.RUNNING) {
        return;
      }
      executions.incrementAndGet();
      try {
        Submitted s = r.submitted;
        List<String> texts = SqlTokens.statements(s.sql());
        if (s.statementCount() != 0 && s.statementCount() != texts.size()) {
          // Documented: the count must match; third-party clients report this code.
          throw EmulatorFailure.statement("000008", "0A000", "Actual statement count " + texts.size() + " did not match"
              + " the desired statement count " + s.statementCount() + ".");
        }
        if (s.statementCount() == 1) {
          r.rows = snowflake.execute(s.session(), s.sql(), s.bindings());
        } else {
          List<String> handles = new java.util.ArrayList<>();
          for (EmulatedRows rows : snowflake.executeAll(s.session(), texts, s.bindings())) {
            Running child = new Running(UUID.randomUUID().toString(), s);
            child.rows = rows;
            child.state = State.SUCCEEDED;
            byHandle.put(child.handle, child);
            handles.add(child.handle);
          }
          r.children = handles;
          r.rows = new EmulatedRows(List.of(new EmulatedRows.Column("multiple statement execution", "text")),
              List.of(List.of("Multiple statements executed successfully.")));
        }
        r.state = State.SUCCEEDED;
      } catch (EmulatorFailure f) {
        r.failure = f;
        r.state = State.FAILED;
      }
    }
  }

  private void finish(Running r, State state) {
    synchronized (r) {
      if (r.state == State.RUNNING) {
        r.state = state;
      }
    }
  }

  private Answer answer(Running r, int partition) {
    ObjectNode body = JSON.createObjectNode();
    body.put("statementHandle", r.handle).put("statementStatusUrl", "/api/v2/statements/" + r.handle);
    switch (r.state) {
      case RUNNING -> {
        body.put("code", "333334").put("message", "Asynchronous execution in progress. Use provided query id to perform"
            + " query monitoring and management.");
        return new Answer(202, body, null);
      }
      case CANCELED -> {
        body.put("code", "000604").put("sqlState", "57014").put("message", "SQL execution canceled");
        return new Answer(422, body, null);
      }
      case TIMED_OUT -> {
        body.put("code", "000630").put("sqlState", "57014").put("message", "Statement reached its statement or"
            + " warehouse timeout of " + r.submitted.timeoutSeconds() + " second(s) and was canceled.");
        return new Answer(408, body, null);
      }
      case FAILED -> {
        body.put("code", r.failure.code).put("sqlState", r.failure.sqlState).put("message", r.failure.getMessage())
            .put("createdOn", r.createdOn);
        return new Answer(r.failure.status, body, null);
      }
      default -> {
        return resultSet(r, partition, body);
      }
    }
  }

  private Answer resultSet(Running r, int partition, ObjectNode body) {
    List<List<String>> rows = r.rows.rows();
    int size = Math.max(1, partitionSize);
    int partitions = Math.max(1, (rows.size() + size - 1) / size);
    if (partition < 0 || partition >= partitions) {
      throw new EmulatorFailure(400, null, null, "partition " + partition + " does not exist.");
    }
    ArrayNode data = JSON.createArrayNode();
    for (List<String> row : rows.subList(partition * size, Math.min(rows.size(), (partition + 1) * size))) {
      ArrayNode cells = data.addArray();
      row.forEach(cells::add);
    }
    if (partition > 0) {
      // Later partitions carry their rows only; the metadata came with partition 0.
      return new Answer(200, JSON.createObjectNode().set("data", data), null);
    }
    ObjectNode meta = body.putObject("resultSetMetaData");
    meta.put("numRows", rows.size()).put("format", "jsonv2");
    ArrayNode info = meta.putArray("partitionInfo");
    for (int p = 0; p < partitions; p++) {
      int count = Math.min(size, rows.size() - p * size);
      info.addObject().put("rowCount", Math.max(0, count)).put("uncompressedSize", Math.max(0, count) * 64);
    }
    ArrayNode rowType = meta.putArray("rowType");
    for (EmulatedRows.Column c : r.rows.columns()) {
      rowType.addObject().put("name", c.name()).put("type", c.type()).put("nullable", true);
    }
    body.set("data", data);
    if (!r.children.isEmpty()) {
      r.children.forEach(body.putArray("statementHandles")::add);
    }
    body.put("code", "090001").put("sqlState", "00000").put("message", "Statement executed successfully.")
        .put("requestId", r.requestId).put("createdOn", r.createdOn);
    return new Answer(200, body, null);
  }

  static Map<String, String> params(String query) {
    Map<String, String> params = new HashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        params.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }
}
