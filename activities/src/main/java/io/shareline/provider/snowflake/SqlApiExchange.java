package io.shareline.provider.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.common.Failures;
import io.shareline.progress.Progress;
import io.shareline.provider.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * One HTTP exchange with the SQL API: the documented headers (JWT, token type, JSON, Shareline's user
 * agent) on every request, and the answer kept as status, body and Retry-After (or the I/O failure that
 * prevented it) until the caller decides to retry it or {@link Attempted#finish() finish} it: the JSON of a
 * {@code 200} or {@code 202}, or the classified failure of anything else.
 */
final class SqlApiExchange {
  static final Duration FIRST_PAUSE = Duration.ofMillis(50);
  static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SnowflakeKeyPair key;
  private final SnowflakeErrors errors;
  private final HttpClient http;

  SqlApiExchange(SnowflakeKeyPair key, SnowflakeErrors errors, HttpClient http) {
    this.key = key;
    this.errors = errors;
    this.http = http;
  }

  HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + key.token())
        .header("X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT")
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .header("User-Agent", "Shareline/" + version());
  }

  Attempted send(String purpose, SnowflakeStatement statement, HttpRequest request) {
    Progress.beat(purpose);
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Attempted(purpose, statement, response.statusCode(), response.body(),
          response.headers().firstValue("Retry-After").flatMap(SqlApiExchange::seconds), null);
    } catch (IOException e) {
      return new Attempted(purpose, statement, 0, null, Optional.empty(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(Failures.PROVIDER_TRANSIENT, purpose + " was interrupted");
    }
  }

  /** One exchange's outcome: an answer (any status) or the I/O failure that prevented it. */
  final class Attempted {
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
  static String version() {
    String v = SqlApiExchange.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }
}
