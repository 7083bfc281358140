package io.shareline.provider.snowflake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class SnowflakeJwtTest {
  private static final String SUBJECT = "SHARELINE-PROVIDER.SHARELINE_SVC";
  @AutoClose
  private final SnowflakeAccounts accounts = new SnowflakeAccounts();

  @Test
  void theTokenCarriesTheDocumentedClaims() throws Exception {
    SnowflakeKeyPair key = new SnowflakeKeyPair(SnowflakeAccountId.parse("shareline.provider"), "shareline_svc",
        (RSAPrivateCrtKey) accounts.providerKey.getPrivate(), Clock.systemUTC());
    SignedJWT jwt = SignedJWT.parse(key.token());
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
    assertEquals(SUBJECT, claims.getSubject());
    assertEquals(SUBJECT + "." + SnowflakeKeyPair.fingerprint((RSAPublicKey) accounts.providerKey.getPublic()),
        claims.getIssuer());
    assertTrue(claims.getIssuer().matches(".*\\.SHA256:[A-Za-z0-9+/]{43}="), claims.getIssuer());
    long lifetime = claims.getExpirationTime().getTime() - claims.getIssueTime().getTime();
    assertTrue(lifetime > 0 && lifetime <= 3_600_000L);
  }

  @Test
  void aKeyTheUserDoesNotHoldIsRefusedAsAuthentication() {
    SnowflakeSqlApi api = accounts.client("SHARELINE-PROVIDER", "SHARELINE_SVC", SnowflakeAccounts.rsa(),
        accounts.provider().context(), Clock.systemUTC());
    ProviderException e = assertThrows(ProviderException.class, () -> api.execute("probe", SnowflakeStatement.of("SELECT 1")));
    assertEquals(Failures.PROVIDER_AUTH, e.type());
    assertTrue(e.getMessage().contains("390144") && e.getMessage().contains("RSA_PUBLIC_KEY"), e.getMessage());
  }

  @Test
  void anExpiredTokenIsRefused() {
    Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
    SnowflakeSqlApi api = accounts.client("SHARELINE-PROVIDER", "SHARELINE_SVC", accounts.providerKey,
        accounts.provider().context(), twoHoursAgo);
    ProviderException e = assertThrows(ProviderException.class, () -> api.execute("probe", SnowflakeStatement.of("SELECT 1")));
    assertEquals(Failures.PROVIDER_AUTH, e.type());
  }

  @Test
  void aTokenWhoseIssuerNamesAnotherFingerprintIsRefused() throws Exception {
    String token = sign(accounts.providerKey, SUBJECT + "." + SnowflakeKeyPair.fingerprint(
        (RSAPublicKey) SnowflakeAccounts.rsa().getPublic()), Duration.ofMinutes(30));
    assertEquals(401, post(token, "KEYPAIR_JWT").statusCode());
  }

  @Test
  void aTokenValidForMoreThanAnHourIsRefused() throws Exception {
    String token = sign(accounts.providerKey, SUBJECT + "." + SnowflakeKeyPair.fingerprint(
        (RSAPublicKey) accounts.providerKey.getPublic()), Duration.ofMinutes(90));
    assertEquals(401, post(token, "KEYPAIR_JWT").statusCode());
  }

  @Test
  void aTokenWithoutTheKeyPairTokenTypeHeaderIsTakenForOAuthAndRefused() throws Exception {
    String good = sign(accounts.providerKey, SUBJECT + "." + SnowflakeKeyPair.fingerprint(
        (RSAPublicKey) accounts.providerKey.getPublic()), Duration.ofMinutes(30));
    assertEquals(200, post(good, "KEYPAIR_JWT").statusCode());
    HttpResponse<String> refused = post(good, null);
    assertEquals(401, refused.statusCode());
    assertTrue(refused.body().contains("390303"), refused.body());
  }

  @Test
  void noKeyOrTokenAppearsInAnAuthenticationFailure() {
    KeyPair stranger = SnowflakeAccounts.rsa();
    SnowflakeSqlApi api = accounts.client("SHARELINE-PROVIDER", "SHARELINE_SVC", stranger, accounts.provider().context(),
        Clock.systemUTC());
    ProviderException e = assertThrows(ProviderException.class, () -> api.execute("probe", SnowflakeStatement.of("SELECT 1")));
    String privateDer = Base64.getEncoder().encodeToString(stranger.getPrivate().getEncoded());
    assertFalse(e.getMessage().contains(privateDer.substring(40, 80)));
    assertFalse(e.getMessage().contains("eyJ"), "no JWT in the message");
    String key = new SnowflakeKeyPair(SnowflakeAccountId.parse("SHARELINE-PROVIDER"), "SHARELINE_SVC",
        (RSAPrivateCrtKey) stranger.getPrivate(), Clock.systemUTC()).toString();
    assertFalse(key.contains(privateDer.substring(40, 80)));
  }

  private String sign(KeyPair key, String issuer, Duration lifetime) throws Exception {
    Instant now = Instant.now();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder().issuer(issuer)
        .subject(SUBJECT).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime))).build());
    jwt.sign(new RSASSASigner(key.getPrivate()));
    return jwt.serialize();
  }

  private HttpResponse<String> post(String token, String tokenType) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(accounts.emulator.baseUrl() + "/api/v2/statements"))
        .header("Authorization", "Bearer " + token).header("Accept", "application/json")
        .header("Content-Type", "application/json").header("User-Agent", "Shareline/test")
        .POST(HttpRequest.BodyPublishers.ofString("{\"statement\":\"SELECT 1\",\"role\":\"SHARELINE_ROLE\",\"warehouse\":\"SHARELINE_WH\"}"));
    if (tokenType != null) {
      b.header("X-Snowflake-Authorization-Token-Type", tokenType);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
