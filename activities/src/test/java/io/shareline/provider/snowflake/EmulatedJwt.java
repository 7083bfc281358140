package io.shareline.provider.snowflake;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;

/**
 * Checks a request's key-pair JWT as Snowflake documents it: token type header {@code KEYPAIR_JWT}
 * (without it the token is taken for OAuth, as the SQL API authentication page says), RS256 signed by
 * the key registered for {@code sub = <ACCOUNT>.<USER>}, {@code iss = <sub>.SHA256:<fingerprint>} of
 * that same key, issued not in the future and expiring within an hour and not yet.
 */
final class EmulatedJwt {
  static final Duration LONGEST = Duration.ofHours(1);
  private static final Duration SKEW = Duration.ofSeconds(60);

  /** The authenticated caller. */
  record Caller(EmulatedAccount account, String user) {}

  static Caller verify(EmulatedSnowflake snowflake, String authorization, String tokenType, Instant now) {
    if (tokenType == null) {
      throw unauthorized("390303", "Invalid OAuth access token. ");
    }
    if (!tokenType.equals("KEYPAIR_JWT")) {
      throw unauthorized("390144", "JWT token is invalid. Unsupported token type " + tokenType + ".");
    }
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      throw unauthorized("390144", "JWT token is invalid. Missing bearer token.");
    }
    try {
      SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()).trim());
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
        throw unauthorized("390144", "JWT token is invalid. Algorithm must be RS256.");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      String sub = claims.getSubject();
      int dot = sub == null ? -1 : sub.lastIndexOf('.');
      EmulatedAccount account = dot < 0 ? null : snowflake.find(sub.substring(0, dot));
      String user = dot < 0 ? null : sub.substring(dot + 1);
      RSAPublicKey key = account == null ? null : account.userKeys.get(user);
      // The JWT names the account in its URL form or as a bare locator, upper case; never ORG.ACCOUNT.
      if (key == null || sub.contains(account.organization + "." + account.name) || !sub.equals(sub.toUpperCase(Locale.ROOT))) {
        throw unauthorized("390144", "JWT token is invalid. Unknown account or user.");
      }
      if (!(sub + "." + SnowflakeKeyPair.fingerprint(key)).equals(claims.getIssuer())) {
        throw unauthorized("390144", "JWT token is invalid. Issuer does not match the public key fingerprint.");
      }
      if (!jwt.verify(new RSASSAVerifier(key))) {
        throw unauthorized("390144", "JWT token is invalid. Signature verification failed.");
      }
      Date iat = claims.getIssueTime();
      Date exp = claims.getExpirationTime();
      if (iat == null || exp == null || iat.toInstant().isAfter(now.plus(SKEW)) || !exp.toInstant().isAfter(now)
          || Duration.between(iat.toInstant(), exp.toInstant()).compareTo(LONGEST) > 0) {
        throw unauthorized("390144", "JWT token is invalid. Expired, not yet valid, or valid for more than one hour.");
      }
      return new Caller(account, user);
    } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
      throw unauthorized("390144", "JWT token is invalid. " + e.getClass().getSimpleName());
    }
  }

  private static EmulatorFailure unauthorized(String code, String message) {
    return new EmulatorFailure(401, code, null, message);
  }
}
