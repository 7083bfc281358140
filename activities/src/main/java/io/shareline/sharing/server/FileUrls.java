package io.shareline.sharing.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Expiring file URLs served by the sharing server itself (local storage): the URL names the connector,
 * table, version and file, and carries an HMAC-SHA256 over them and the expiry. Nothing else is ever served.
 */
final class FileUrls {
  /** One file of one shared table, live at {@code version}. */
  record FileRef(String connectorId, String table, long version, String path, long expiresAtMillis) {}

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final String endpoint;
  /** One initialised MAC per thread: a query signs every file of a table. */
  private final ThreadLocal<Mac> mac;
  private final Clock clock;
  private final Duration lifetime;

  FileUrls(String endpoint, byte[] key, Clock clock, Duration lifetime) {
    this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    byte[] copy = key.clone();
    this.mac = ThreadLocal.withInitial(() -> {
      try {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(copy, "HmacSHA256"));
        return m;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    });
    this.clock = clock;
    this.lifetime = lifetime;
  }

  long expiry() {
    return clock.millis() + lifetime.toMillis();
  }

  Duration lifetime() {
    return lifetime;
  }

  String url(FileRef ref) {
    return endpoint + "/files/" + encode(ref.connectorId()) + "/" + encode(ref.table()) + "/" + ref.version() + "/"
        + encode(ref.path()) + "?expires=" + ref.expiresAtMillis() + "&signature=" + signature(ref);
  }

  /**
   * The file a URL names, when its signature holds and it has not expired.
   *
   * @param segments the path segments after {@code files/}
   */
  Optional<FileRef> verify(String[] segments, String expires, String signature) {
    if (segments.length != 4 || expires == null || signature == null) {
      return Optional.empty();
    }
    try {
      FileRef ref = new FileRef(decode(segments[0]), decode(segments[1]), Long.parseLong(segments[2]),
          decode(segments[3]), Long.parseLong(expires));
      boolean valid = MessageDigest.isEqual(signature(ref).getBytes(StandardCharsets.US_ASCII),
          signature.getBytes(StandardCharsets.US_ASCII));
      return valid && clock.millis() < ref.expiresAtMillis() ? Optional.of(ref) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private String signature(FileRef ref) {
    String canonical = String.join("\n", ref.connectorId(), ref.table(), Long.toString(ref.version()), ref.path(),
        Long.toString(ref.expiresAtMillis()));
    return HexFormat.of().formatHex(mac.get().doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
  }

  private static String encode(String text) {
    return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String segment) {
    return new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
  }
}
