package io.shareline.provider.local;

import io.shareline.common.Failures;
import io.shareline.connector.TokenRotated;
import io.shareline.provider.ActivationOutbox;
import io.shareline.provider.ProviderException;
import io.shareline.sharing.credential.RecipientTokens;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token recipients of local shares: a one-time activation link (served by the sharing server) handed to the
 * activation outbox when the recipient is created or its token rotated; revocation ends every token at once.
 */
final class TokenRecipients {
  private static final Logger log = LoggerFactory.getLogger(TokenRecipients.class);
  private final RecipientTokens tokens;
  private final LocalSharing sharing;

  TokenRecipients(RecipientTokens tokens, LocalSharing sharing) {
    this.tokens = tokens;
    this.sharing = sharing;
  }

  /** Hands out the first activation link, unless the recipient already has a link or a token (a retried provision). */
  void ensureActivated(String connectorId, String recipient) {
    RecipientTokens.Credentials held = tokens.read(connectorId);
    boolean issued = held.tokens().stream().anyMatch(t -> t.recipient().equals(recipient))
        || held.activations().stream().anyMatch(a -> a.recipient().equals(recipient));
    if (!issued) {
      handOut(connectorId, recipient);
    }
  }

  TokenRotated rotate(String connectorId, String recipient, Duration grace) {
    TokenRotated rotated = handOut(connectorId, recipient);
    tokens.expireTokens(connectorId, recipient, grace.isNegative() ? Duration.ZERO : grace);
    return rotated;
  }

  void revoke(String connectorId, String recipient) {
    tokens.revoke(connectorId, recipient);
  }

  /** A link that cannot be delivered is revoked at once, so a retry issues a fresh one. */
  private TokenRotated handOut(String connectorId, String recipient) {
    if (!sharing.served()) {
      throw new ProviderException(Failures.CONFIG_INVALID, "connector " + connectorId + " has a token recipient but"
          + " no sharing server: set sharing.endpoint to the URL recipients reach the sharing server at");
    }
    RecipientTokens.Issued link = tokens.issueActivation(connectorId, recipient, sharing.tokenLifetime());
    try {
      sharing.outbox().deliver(new ActivationOutbox.Activation(connectorId, recipient, link.id(),
          sharing.endpoint() + "/activation/" + link.secret(), link.expiresAt()));
    } catch (RuntimeException e) {
      tokens.revoke(connectorId, recipient);
      throw e;
    }
    log.info("activation link of recipient {} (link {}, token valid until {}) handed to the outbox", recipient,
        link.id(), link.expiresAt());
    return new TokenRotated(recipient, link.id(), link.expiresAt());
  }
}
