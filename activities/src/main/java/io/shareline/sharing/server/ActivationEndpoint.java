package io.shareline.sharing.server;

import io.shareline.sharing.credential.RecipientTokens;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /delta-sharing/activation/<link>}: the first download of a one-time link creates the
 * recipient's token and returns it as a profile file; any later download gets 404 and nothing.
 */
final class ActivationEndpoint {
  static final int CREDENTIALS_VERSION = 1;
  private final RecipientTokens tokens;
  private final String endpoint;

  ActivationEndpoint(RecipientTokens tokens, String endpoint) {
    this.tokens = tokens;
    this.endpoint = endpoint;
  }

  void redeem(Exchange ex, String link, AccessLog.Entry log) throws IOException {
    Optional<RecipientTokens.Issued> issued = tokens.redeem(link);
    if (issued.isEmpty()) {
      throw ProtocolError.notFound("the activation link (unknown, already used or expired)");
    }
    RecipientTokens.Issued token = issued.get();
    log.recipient = token.recipient();
    log.connectorId = token.connectorId();
    ex.setHeader("Content-Disposition", "attachment; filename=\"config.share\"");
    ex.setHeader("Cache-Control", "no-store");
    ex.json(200, json -> {
      json.writeStartObject();
      json.writeNumberField("shareCredentialsVersion", CREDENTIALS_VERSION);
      json.writeStringField("endpoint", endpoint);
      json.writeStringField("bearerToken", token.secret());
      json.writeStringField("expirationTime", token.expiresAt().toString());
      json.writeEndObject();
    });
  }
}
