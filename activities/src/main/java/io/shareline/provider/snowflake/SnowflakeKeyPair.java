package io.shareline.provider.snowflake;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * Key-pair authentication as the SQL API documents it: an RS256 JWT whose {@code iss} is
 * {@code <ACCOUNT>.<USER>.SHA256:<fingerprint>} and {@code sub} {@code <ACCOUNT>.<USER>}, the fingerprint
 * being the Base64 SHA-256 of the public key's DER encoding (what {@code DESCRIBE USER} shows as
 * {@code RSA_PUBLIC_KEY_FP}). Tokens live {@link #LIFETIME} (the documented maximum is one hour) and are
 * reused until a minute before expiry. The private key never leaves this object: no accessor, no
 * {@code toString} showing it, no message quoting it.
 */
public final class SnowflakeKeyPair {
  static final Duration LIFETIME = Duration.ofMinutes(59);
  private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

  private final RSAPrivateCrtKey privateKey;
  private final RSAPublicKey publicKey;
  private final String fingerprint;
  private final String subject;
  private final Clock clock;
  private String token;
  private Instant expires = Instant.MIN;

  public SnowflakeKeyPair(SnowflakeAccountId account, String user, RSAPrivateCrtKey privateKey, Clock clock) {
    this.privateKey = privateKey;
    this.publicKey = publicOf(privateKey);
    this.fingerprint = fingerprint(publicKey);
    this.subject = account.jwtAccount() + "." + user.toUpperCase(java.util.Locale.ROOT);
    this.clock = clock;
  }

  /** The label of an unencrypted PKCS#8 PEM block, as {@code openssl pkcs8 -nocrypt} writes it. */
  public static final String PEM_LABEL = "PRIVATE KEY";

  /** Reads an unencrypted PKCS#8 PEM (a {@link #PEM_LABEL} block), as {@code openssl pkcs8 -nocrypt} writes. */
  public static RSAPrivateCrtKey readPem(String pem) {
    if (pem == null || pem.contains("ENCRYPTED")) {
      throw new ProviderException(Failures.CONFIG_INVALID, "The Snowflake private key must be an unencrypted PKCS#8 PEM"
          + " (a '" + PEM_LABEL + "' block): convert it with `openssl pkcs8 -topk8 -nocrypt` and keep it in the"
          + " secret store");
    }
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      // The exception text could quote key material: only its type is kept.
      throw new ProviderException(Failures.CONFIG_INVALID, "The Snowflake private key is not an RSA key in PKCS#8 PEM ("
          + e.getClass().getSimpleName() + "): generate it with `openssl genrsa 2048 | openssl pkcs8 -topk8 -nocrypt`");
    }
  }

  /** {@code SHA256:<base64>} of the public key's DER (SubjectPublicKeyInfo) encoding. */
  public static String fingerprint(RSAPublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return "SHA256:" + Base64.getEncoder().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  static RSAPublicKey publicOf(RSAPrivateCrtKey key) {
    try {
      return (RSAPublicKey) KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    } catch (GeneralSecurityException e) {
      throw new ProviderException(Failures.CONFIG_INVALID, "The Snowflake private key has no usable public half ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** What {@code DESCRIBE USER} must show as RSA_PUBLIC_KEY_FP (or RSA_PUBLIC_KEY_2_FP) for this key. */
  public String fingerprint() {
    return fingerprint;
  }

  /** {@code <ACCOUNT>.<USER>}: the JWT's subject and the start of its issuer. */
  public String subject() {
    return subject;
  }

  public RSAPublicKey publicKey() {
    return publicKey;
  }

  /** A valid token, signed anew when the current one is within a minute of expiry. */
  public synchronized String token() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(expires.minus(RENEW_BEFORE))) {
      expires = now.plus(LIFETIME);
      token = sign(now, expires);
    }
    return token;
  }

  private String sign(Instant issued, Instant expiry) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(subject + "." + fingerprint)
        .subject(subject)
        .issueTime(Date.from(issued))
        .expirationTime(Date.from(expiry))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(new RSASSASigner(privateKey));
    } catch (JOSEException e) {
      throw new ProviderException(Failures.CONFIG_INVALID, "Signing the Snowflake JWT failed ("
          + e.getClass().getSimpleName() + "): the private key must be RSA, 2048 bits or more");
    }
    return jwt.serialize();
  }

  @Override
  public String toString() {
    return "SnowflakeKeyPair[" + subject + ", " + fingerprint + "]";
  }
}
