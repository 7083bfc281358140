package io.shareline.provider.databricks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.sharing.AuthenticationType;
import com.databricks.sdk.service.sharing.CreateRecipient;
import com.databricks.sdk.service.sharing.RecipientInfo;
import com.databricks.sdk.service.sharing.RecipientTokenInfo;
import com.databricks.sdk.service.sharing.RetrieveTokenResponse;
import com.databricks.sdk.service.sharing.RotateRecipientToken;
import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import io.shareline.provider.ShareProvider.ExpectedTable;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Shareline-owned TOKEN recipient per connector, granted the connector's share, through which VERIFY
 * reads the share as a recipient does (open sharing protocol). Its bearer token is fetched from the
 * activation link the moment the token is issued and kept in this process's memory only: never in a
 * file, the ledger, workflow history or a log line. A process that has none (a restart, another worker)
 * rotates the token and takes the new one; the old one keeps working for {@link #ROTATION_GRACE_SECONDS}
 * so that another worker's VERIFY in flight is not cut off.
 */
final class VerifierRecipient {
  static final long ROTATION_GRACE_SECONDS = 300;
  private final WorkspaceClient client;
  private final DatabricksErrors errors;
  private final RecipientShareReader.Factory readers;
  private final Clock clock;
  private final Map<String, RecipientShareReader.Credential> credentials = new ConcurrentHashMap<>();

  VerifierRecipient(WorkspaceClient client, DatabricksErrors errors, RecipientShareReader.Factory readers, Clock clock) {
    this.client = client;
    this.errors = errors;
    this.readers = readers;
    this.clock = clock;
  }

  /** Creates (or finds) the verifier recipient; the provider grants it the share. */
  void ensure(String name, String comment, Instant expires) {
    CreateRecipient wanted = new CreateRecipient().setName(name).setComment(comment)
        .setAuthenticationType(AuthenticationType.TOKEN).setExpirationTime(expires.toEpochMilli());
    try {
      activate(name, client.recipients().create(wanted));
    } catch (RuntimeException e) {
      if (!DatabricksErrors.alreadyExists(e)) {
        throw errors.classify("create verifier recipient " + name, e);
      }
      RecipientInfo existing = errors.call("read verifier recipient " + name, () -> client.recipients().get(name));
      if (existing.getAuthenticationType() != AuthenticationType.TOKEN || !comment.equals(existing.getComment())) {
        throw new ProviderException(Failures.PROVIDER_CONFLICT, "recipient " + name + " already exists but is not"
            + " Shareline's verifier (comment '" + existing.getComment() + "'): remove or rename it, then retry");
      }
    }
  }

  /** Reads the share as the verifier and requires the table listed, at its version, columns and row count. */
  void prove(String name, String share, String schema, ExpectedTable expected) {
    RecipientShareReader.TableState state;
    try {
      state = read(credential(name), share, schema, expected);
    } catch (RecipientShareReader.Refused refused) {
      if (!refused.credentialRefused()) {
        throw notSeen(name, share, schema, expected, refused);
      }
      credentials.remove(name);
      try {
        state = read(credential(name), share, schema, expected);
      } catch (RecipientShareReader.Refused again) {
        throw notSeen(name, share, schema, expected, again);
      }
    }
    String what = "verifier recipient " + name + " reads " + schema + "." + expected.name() + " of share " + share;
    if (state.version() != expected.version()) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, what + " at version " + state.version()
          + ", committed version is " + expected.version());
    }
    if (!state.columns().equals(expected.columns())) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, what + " with columns " + state.columns()
          + ", the table has " + expected.columns());
    }
    if (state.numRecords() != expected.rows()) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, what + " with " + state.numRecords()
          + " rows in its files' statistics, the table holds " + expected.rows());
    }
  }

  void forget(String name) {
    credentials.remove(name);
  }

  private RecipientShareReader.TableState read(RecipientShareReader.Credential credential, String share, String schema,
      ExpectedTable expected) {
    RecipientShareReader reader = readers.open(credential);
    if (!reader.tables(share).contains(schema + "." + expected.name())) {
      throw new RecipientShareReader.Refused(404, "table not listed");
    }
    return reader.read(share, schema, expected.name());
  }

  private ProviderException notSeen(String name, String share, String schema, ExpectedTable expected,
      RecipientShareReader.Refused why) {
    return new ProviderException(Failures.VERIFY_MISMATCH, "verifier recipient " + name + " cannot see "
        + schema + "." + expected.name() + " in share " + share + " (" + errors.scrub(why.getMessage()) + "), though"
        + " the share lists it: the recipient would not see it either. Check the table's status in the share"
        + " (PERMISSION_DENIED: the share owner lost SELECT on it) and the storage credential of its location.");
  }

  private RecipientShareReader.Credential credential(String name) {
    RecipientShareReader.Credential known = credentials.get(name);
    if (known != null && (known.expiresAt() == null || known.expiresAt().isAfter(clock.instant()))) {
      return known;
    }
    RecipientInfo rotated = errors.call("rotate the token of verifier " + name, () -> client.recipients().rotateToken(
        new RotateRecipientToken().setName(name).setExistingTokenExpireInSeconds(ROTATION_GRACE_SECONDS)));
    activate(name, rotated);
    return credentials.get(name);
  }

  /** Fetches the new token's profile through its one-time activation link and keeps it in memory. */
  private void activate(String name, RecipientInfo recipient) {
    RecipientTokenInfo token = recipient.getTokens() == null ? null : recipient.getTokens().stream()
        .max(Comparator.comparing(t -> t.getCreatedAt() == null ? 0L : t.getCreatedAt())).orElse(null);
    String link = token != null && token.getActivationUrl() != null ? token.getActivationUrl() : recipient.getActivationUrl();
    if (link == null || !link.contains("?")) {
      throw new ProviderException(Failures.PROVIDER_INVALID, "verifier recipient " + name
          + " came back without an activation link");
    }
    String code = link.substring(link.indexOf('?') + 1);
    RetrieveTokenResponse profile = errors.call("activate verifier " + name,
        () -> client.recipientActivation().retrieveToken(code));
    errors.addSecret(profile.getBearerToken());
    Instant expires = profile.getExpirationTime() == null ? null : Instant.parse(profile.getExpirationTime());
    credentials.put(name, new RecipientShareReader.Credential(profile.getEndpoint(), profile.getBearerToken(), expires));
  }

}
