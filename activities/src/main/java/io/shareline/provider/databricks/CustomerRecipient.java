package io.shareline.provider.databricks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.sharing.AuthenticationType;
import com.databricks.sdk.service.sharing.CreateRecipient;
import com.databricks.sdk.service.sharing.RecipientInfo;
import com.databricks.sdk.service.sharing.RecipientTokenInfo;
import com.databricks.sdk.service.sharing.RotateRecipientToken;
import io.shareline.common.Failures;
import io.shareline.connector.TokenRotated;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.provider.ActivationOutbox;
import io.shareline.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer's recipient of a connector: DATABRICKS by sharing identifier, or TOKEN for open sharing,
 * whose activation link goes once to the outbox (on creation and on every rotation) and nowhere else.
 */
final class CustomerRecipient {
  private static final Logger log = LoggerFactory.getLogger(CustomerRecipient.class);
  private final WorkspaceClient client;
  private final DatabricksErrors errors;
  private final ActivationOutbox outbox;
  private final Clock clock;

  CustomerRecipient(WorkspaceClient client, DatabricksErrors errors, ActivationOutbox outbox, Clock clock) {
    this.client = client;
    this.errors = errors;
    this.outbox = outbox;
    this.clock = clock;
  }

  /** Creates (or finds and checks) the recipient; {@code tokenExpiry} is null for a DATABRICKS one. */
  void ensure(ConnectorSpec spec, String name, String comment, Instant tokenExpiry) {
    boolean byIdentifier = tokenExpiry == null;
    CreateRecipient wanted = new CreateRecipient().setName(name).setComment(comment)
        .setAuthenticationType(byIdentifier ? AuthenticationType.DATABRICKS : AuthenticationType.TOKEN);
    if (byIdentifier) {
      wanted.setDataRecipientGlobalMetastoreId(spec.recipient());
    } else {
      wanted.setExpirationTime(tokenExpiry.toEpochMilli());
    }
    Optional<RecipientInfo> created = errors.create("create recipient " + name, () -> client.recipients().create(wanted));
    if (created.isPresent()) {
      if (!byIdentifier) {
        handOutOrUndo(spec, name, created.get());
      }
      return;
    }
    requireIntended(spec, name);
  }

  TokenRotated rotate(ConnectorSpec spec, String name, Duration existingTokenExpiresIn) {
    RecipientInfo rotated = errors.call("rotate the token of " + name, () -> client.recipients().rotateToken(
        new RotateRecipientToken().setName(name)
            .setExistingTokenExpireInSeconds(Math.max(0, existingTokenExpiresIn.toSeconds()))));
    return handOut(spec, name, rotated);
  }

  /** A link that cannot be handed out is lost: the recipient goes again, so the retry issues a fresh one. */
  private void handOutOrUndo(ConnectorSpec spec, String name, RecipientInfo created) {
    try {
      handOut(spec, name, created);
    } catch (RuntimeException e) {
      try {
        client.recipients().delete(name);
      } catch (RuntimeException undo) {
        log.warn("could not delete recipient {} after its activation link was not delivered: {}",
            name, errors.classify("delete recipient", undo).getMessage());
      }
      throw e;
    }
  }

  private TokenRotated handOut(ConnectorSpec spec, String name, RecipientInfo recipient) {
    RecipientTokenInfo token = newestToken(recipient).orElseThrow(() -> new ProviderException(
        Failures.PROVIDER_INVALID, "token recipient " + name + " came back without a token"));
    String url = token.getActivationUrl() != null ? token.getActivationUrl() : recipient.getActivationUrl();
    Instant expires = token.getExpirationTime() == null ? null : Instant.ofEpochMilli(token.getExpirationTime());
    outbox.deliver(new ActivationOutbox.Activation(spec.connectorId(), name, token.getId(), url, expires));
    log.info("activation of recipient {} (token {}, expires {}) handed to the outbox", name,
        token.getId(), expires);
    return new TokenRotated(name, token.getId(), expires);
  }

  /** The recipient of this name is the one this connector wants: same type, sharing identifier, token bound. */
  void requireIntended(ConnectorSpec spec, String name) {
    RecipientInfo r = errors.call("read recipient " + name, () -> client.recipients().get(name));
    boolean byIdentifier = DatabricksShareProvider.isSharingIdentifier(spec.recipient());
    AuthenticationType wantedType = byIdentifier ? AuthenticationType.DATABRICKS : AuthenticationType.TOKEN;
    if (r.getAuthenticationType() != wantedType) {
      throw DatabricksErrors.conflict("recipient " + name, "it authenticates by " + r.getAuthenticationType()
          + ", expected " + wantedType);
    }
    if (byIdentifier && !spec.recipient().equals(r.getDataRecipientGlobalMetastoreId())) {
      throw DatabricksErrors.conflict("recipient " + name, "its sharing identifier is "
          + r.getDataRecipientGlobalMetastoreId() + ", expected " + spec.recipient());
    }
    if (!byIdentifier) {
      Instant latest = clock.instant().plus(DatabricksSettings.MAX_TOKEN_LIFETIME);
      List<RecipientTokenInfo> tokens = r.getTokens() == null ? List.of() : List.copyOf(r.getTokens());
      if (tokens.isEmpty()) {
        throw new ProviderException(Failures.PROVIDER_INVALID, "token recipient " + name
            + " has no token: run `shareline connector rotate-token` to issue one");
      }
      for (RecipientTokenInfo t : tokens) {
        if (t.getExpirationTime() == null || Instant.ofEpochMilli(t.getExpirationTime()).isAfter(latest)) {
          throw new ProviderException(Failures.PROVIDER_INVALID, "token " + t.getId() + " of recipient "
              + name + " expires " + (t.getExpirationTime() == null ? "never" : Instant.ofEpochMilli(
                  t.getExpirationTime())) + ", more than 365 days ahead: set the metastore's recipient token"
              + " lifetime to at most 365 days and rotate the token");
        }
      }
    }
  }

  private static Optional<RecipientTokenInfo> newestToken(RecipientInfo r) {
    return r.getTokens() == null ? Optional.empty() : r.getTokens().stream()
        .max(Comparator.comparing(t -> t.getCreatedAt() == null ? 0L : t.getCreatedAt()));
  }
}
