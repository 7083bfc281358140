package io.shareline.provider.local;

import io.shareline.provider.ActivationOutbox;
import java.time.Duration;

/**
 * How the local provider's shares reach recipients: the public URL of the sharing server (null: no server,
 * so no token recipients and VERIFY checks the provider state only), where activation links go, and how
 * long a recipient's token lives (at most 365 days).
 */
public record LocalSharing(String endpoint, ActivationOutbox outbox, Duration tokenLifetime) {
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofDays(90);
  public static final LocalSharing NONE = new LocalSharing(null, ActivationOutbox.of(null), DEFAULT_TOKEN_LIFETIME);

  public LocalSharing {
    tokenLifetime = tokenLifetime == null ? DEFAULT_TOKEN_LIFETIME : tokenLifetime;
    if (tokenLifetime.isNegative() || tokenLifetime.isZero() || tokenLifetime.compareTo(Duration.ofDays(365)) > 0) {
      throw new IllegalArgumentException("a recipient token lives 1 to 365 days, not " + tokenLifetime.toDays());
    }
    endpoint = endpoint == null || endpoint.isBlank() ? null
        : endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
  }

  public boolean served() {
    return endpoint != null;
  }
}
