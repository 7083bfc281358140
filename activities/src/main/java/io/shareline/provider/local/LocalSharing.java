package io.shareline.provider.local;

import io.shareline.provider.ActivationOutbox;
import java.time.Duration;

/**
 * How the local provider's shares reach recipients: the public URL of the sharing server (null: no server,
 * so no token recipients and VERIFY checks the provider state only), the URL the worker itself reads the
 * shares through at VERIFY (the public one unless the worker reaches the server another way), where
 * activation links go, and how long a recipient's token lives (at most 365 days).
 */
public record LocalSharing(String endpoint, String verifyEndpoint, ActivationOutbox outbox, Duration tokenLifetime) {
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofDays(90);
  public static final LocalSharing NONE = new LocalSharing(null, null, ActivationOutbox.of(null),
      DEFAULT_TOKEN_LIFETIME);

  public LocalSharing(String endpoint, ActivationOutbox outbox, Duration tokenLifetime) {
    this(endpoint, null, outbox, tokenLifetime);
  }

  public LocalSharing {
    tokenLifetime = tokenLifetime == null ? DEFAULT_TOKEN_LIFETIME : tokenLifetime;
    if (tokenLifetime.isNegative() || tokenLifetime.isZero() || tokenLifetime.compareTo(Duration.ofDays(365)) > 0) {
      throw new IllegalArgumentException("a recipient token lives 1 to 365 days, not " + tokenLifetime.toDays());
    }
    endpoint = trim(endpoint);
    verifyEndpoint = verifyEndpoint == null || verifyEndpoint.isBlank() ? endpoint : trim(verifyEndpoint);
  }

  private static String trim(String url) {
    return url == null || url.isBlank() ? null : url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public boolean served() {
    return endpoint != null;
  }
}
