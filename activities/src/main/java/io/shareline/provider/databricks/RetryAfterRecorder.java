package io.shareline.provider.databricks;

import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Wraps the SDK's HTTP client to remember, per thread, the last throttling answer's Retry-After: the
 * SDK honours it between its own attempts but drops it from the exception it finally throws, and the
 * activity's next retry should honour it too.
 */
final class RetryAfterRecorder implements HttpClient {
  private static final ThreadLocal<Duration> LAST = new ThreadLocal<>();
  private final HttpClient delegate;

  RetryAfterRecorder(HttpClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public Response execute(Request in) throws IOException {
    Response response = delegate.execute(in);
    int status = response.getStatusCode();
    if (status == 429 || status >= 500) {
      LAST.set(parse(response.getFirstHeader("Retry-After")));
    } else {
      LAST.remove();
    }
    return response;
  }

  /** The Retry-After of this thread's last answer, if it was a throttling or server error with one. */
  static Optional<Duration> last() {
    return Optional.ofNullable(LAST.get());
  }

  static void clear() {
    LAST.remove();
  }

  private static Duration parse(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
    } catch (NumberFormatException httpDate) {
      try {
        java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(header.trim(),
            java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(java.time.ZonedDateTime.now(), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException unparsable) {
        return null;
      }
    }
  }
}
