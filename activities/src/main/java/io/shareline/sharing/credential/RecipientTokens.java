package io.shareline.sharing.credential;

import io.shareline.lakehouse.JsonFiles;
import io.shareline.lakehouse.Lakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The bearer tokens and one-time activation links of a connector's token recipients, kept as SHA-256
 * hashes only ({@code provider/local-tokens/<connector>.json}); the verifier's short-lived tokens, which only
 * workers write and often, in a file of their own ({@code provider/local-verifier/<connector>.json}), so they
 * never race a recipient's activation on the sharing server. A token names its connector in clear
 * ({@code <base64url connector>.<256 random bits>}) so a request reads two small files, never a scan.
 */
public final class RecipientTokens {
  public static final String STORE = "local-tokens";
  public static final String VERIFIER_STORE = "local-verifier";
  /** The recipient Shareline itself reads each share as, to prove what its customer sees. */
  public static final String VERIFIER = "shareline-verifier";
  public static final Duration MAX_LIFETIME = Duration.ofDays(365);
  private static final int SECRET_BYTES = 32;
  private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();

  /** A token's record; the token itself is never stored. */
  public record Token(String id, String recipient, String sha256, Instant issuedAt, Instant expiresAt,
      Instant revokedAt) {
    boolean validAt(Instant now) {
      return revokedAt == null && now.isBefore(expiresAt);
    }
  }

  /** A one-time link that turns into a token when first fetched. */
  public record Activation(String id, String recipient, String sha256, Instant issuedAt, Instant expiresAt,
      Duration tokenLifetime, Instant redeemedAt) {}

  /** Everything stored for one connector. */
  public record Credentials(List<Token> tokens, List<Activation> activations) {
    public Credentials {
      tokens = tokens == null ? List.of() : List.copyOf(tokens);
      activations = activations == null ? List.of() : List.copyOf(activations);
    }
  }

  /** A plaintext secret handed out once, with the record that stores its hash. */
  public record Issued(String connectorId, String recipient, String id, String secret, Instant expiresAt) {
    @Override
    public String toString() {
      return "Issued[" + connectorId + "/" + recipient + ", " + id + ", expires " + expiresAt + "]";
    }
  }

  /** Who a valid token belongs to. */
  public record Caller(String connectorId, String recipient, String tokenId) {}

  private final Lakehouse lakehouse;
  private final JsonFiles files;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public RecipientTokens(Lakehouse lakehouse, Clock clock) {
    this.lakehouse = lakehouse;
    this.files = new JsonFiles(lakehouse.conf());
    this.clock = clock;
  }

  /** A new one-time activation link secret; the token it yields lives {@code tokenLifetime} (at most 365 days). */
  public Issued issueActivation(String connectorId, String recipient, Duration tokenLifetime) {
    Duration lifetime = tokenLifetime.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : tokenLifetime;
    String secret = secret(connectorId);
    Instant now = clock.instant();
    Activation activation = new Activation(UUID.randomUUID().toString(), recipient, sha256(secret), now,
        now.plus(lifetime), lifetime, null);
    update(connectorId, c -> new Credentials(c.tokens(), append(c.activations(), activation)));
    return new Issued(connectorId, recipient, activation.id(), secret, activation.expiresAt());
  }

  /** Turns an unused, unexpired activation link into a token; empty when the link is unknown, used or expired. */
  public Optional<Issued> redeem(String activationSecret) {
    Optional<String> connectorId = connectorOf(activationSecret);
    if (connectorId.isEmpty()) {
      return Optional.empty();
    }
    byte[] hash = sha256Bytes(activationSecret);
    Instant now = clock.instant();
    Issued[] issued = new Issued[1];
    update(connectorId.get(), c -> {
      List<Activation> activations = new ArrayList<>();
      List<Token> tokens = new ArrayList<>(c.tokens());
      for (Activation a : c.activations()) {
        if (issued[0] == null && a.redeemedAt() == null && now.isBefore(a.expiresAt()) && sameHash(hash, a.sha256())) {
          String token = secret(connectorId.get());
          Token record = new Token(UUID.randomUUID().toString(), a.recipient(), sha256(token), now,
              now.plus(a.tokenLifetime()), null);
          tokens.add(record);
          issued[0] = new Issued(connectorId.get(), a.recipient(), record.id(), token, record.expiresAt());
          a = new Activation(a.id(), a.recipient(), a.sha256(), a.issuedAt(), a.expiresAt(), a.tokenLifetime(), now);
        }
        activations.add(a);
      }
      return new Credentials(tokens, activations);
    });
    return Optional.ofNullable(issued[0]);
  }

  /** A short-lived token of the connector's verifier recipient; expired verifier tokens are dropped meanwhile. */
  public Issued issueVerifierToken(String connectorId, Duration lifetime) {
    String token = secret(connectorId);
    Instant now = clock.instant();
    Token record = new Token(UUID.randomUUID().toString(), VERIFIER, sha256(token), now, now.plus(lifetime), null);
    update(VERIFIER_STORE, connectorId, c -> {
      List<Token> kept = new ArrayList<>();
      for (Token t : c.tokens()) {
        if (!t.recipient().equals(VERIFIER) || t.validAt(now)) {
          kept.add(t);
        }
      }
      kept.add(record);
      return new Credentials(kept, c.activations());
    });
    return new Issued(connectorId, VERIFIER, record.id(), token, record.expiresAt());
  }

  /** The caller a token belongs to, if it is known, unrevoked and unexpired; hashes compared in constant time. */
  public Optional<Caller> authenticate(String token) {
    Optional<String> connectorId = connectorOf(token);
    if (connectorId.isEmpty()) {
      return Optional.empty();
    }
    byte[] hash = sha256Bytes(token);
    Instant now = clock.instant();
    Caller found = null;
    List<Token> known = new ArrayList<>(read(connectorId.get()).tokens());
    known.addAll(read(VERIFIER_STORE, connectorId.get()).tokens());
    for (Token t : known) {
      if (sameHash(hash, t.sha256()) && t.validAt(now)) {
        found = new Caller(connectorId.get(), t.recipient(), t.id());
      }
    }
    return Optional.ofNullable(found);
  }

  /** Lets the recipient's current tokens expire after {@code grace} (at once when zero). */
  public void expireTokens(String connectorId, String recipient, Duration grace) {
    Instant end = clock.instant().plus(grace);
    update(connectorId, c -> new Credentials(c.tokens().stream()
        .map(t -> t.recipient().equals(recipient) && t.expiresAt().isAfter(end)
            ? new Token(t.id(), t.recipient(), t.sha256(), t.issuedAt(), end, t.revokedAt()) : t)
        .toList(), c.activations()));
  }

  /** Revokes every token and unused activation link of the recipient: the next request fails. */
  public void revoke(String connectorId, String recipient) {
    Instant now = clock.instant();
    update(connectorId, c -> new Credentials(
        c.tokens().stream().map(t -> t.recipient().equals(recipient) && t.revokedAt() == null
            ? new Token(t.id(), t.recipient(), t.sha256(), t.issuedAt(), t.expiresAt(), now) : t).toList(),
        c.activations().stream().map(a -> a.recipient().equals(recipient) && a.redeemedAt() == null
            ? new Activation(a.id(), a.recipient(), a.sha256(), a.issuedAt(), now, a.tokenLifetime(), null) : a)
            .toList()));
  }

  /** What is stored for the connector's recipients (the verifier's tokens apart). */
  public Credentials read(String connectorId) {
    return read(STORE, connectorId);
  }

  private Credentials read(String store, String connectorId) {
    try {
      return files.read(lakehouse.providerPath(store, connectorId), Credentials.class)
          .orElse(new Credentials(List.of(), List.of()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void update(String connectorId, UnaryOperator<Credentials> change) {
    update(STORE, connectorId, change);
  }

  private void update(String store, String connectorId, UnaryOperator<Credentials> change) {
    String location = lakehouse.providerPath(store, connectorId);
    // One writer per file within a process (worker and embedded server share it); see docs/sharing-server.md.
    synchronized (LOCKS.computeIfAbsent(location, l -> new Object())) {
      try {
        files.write(location, change.apply(read(store, connectorId)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private String secret(String connectorId) {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(connectorId.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(bytes);
  }

  /** The connector a token or link names, when it is well formed (the name alone proves nothing). */
  static Optional<String> connectorOf(String secret) {
    if (secret == null || secret.length() > 512) {
      return Optional.empty();
    }
    int dot = secret.indexOf('.');
    if (dot <= 0 || dot != secret.lastIndexOf('.')) {
      return Optional.empty();
    }
    try {
      String connector = new String(Base64.getUrlDecoder().decode(secret.substring(0, dot)), StandardCharsets.UTF_8);
      return connector.matches("[A-Za-z0-9_.-]{1,128}") ? Optional.of(connector) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean sameHash(byte[] hash, String storedHex) {
    return MessageDigest.isEqual(hash, HexFormat.of().parseHex(storedHex));
  }

  static String sha256(String secret) {
    return HexFormat.of().formatHex(sha256Bytes(secret));
  }

  private static byte[] sha256Bytes(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> List<T> append(List<T> list, T item) {
    List<T> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }
}
