package io.shareline.provider.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.common.Failures;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.TableInfo;
import io.shareline.provider.ProviderException;
import io.shareline.sharing.client.SharingClient;
import io.shareline.sharing.client.SharingClient.TableAnswer;
import io.shareline.sharing.client.SharingClient.TableRef;
import io.shareline.sharing.client.SharingClientException;
import io.shareline.sharing.client.SharingProfile;
import io.shareline.sharing.credential.RecipientTokens;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proves through the sharing protocol what a recipient sees, reading each share as Shareline's own verifier
 * recipient (a short-lived token per connector, kept in memory only): the table listed, at the version the
 * lakehouse holds, with its schema, and the sum of {@code numRecords} over the files {@code query} returns.
 */
final class ShareVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);
  private static final Duration RENEW_BEFORE = Duration.ofMinutes(10);

  private final RecipientTokens tokens;
  private final String endpoint;
  private final DeltaTables tables;
  private final Clock clock;
  private final Map<String, RecipientTokens.Issued> verifierTokens = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  ShareVerifier(RecipientTokens tokens, String endpoint, DeltaTables tables, Clock clock) {
    this.tokens = tokens;
    this.endpoint = endpoint;
    this.tables = tables;
    this.clock = clock;
  }

  /** The rows a recipient reads from the table at the lakehouse's current version; fails on any difference. */
  long visibleRows(String connectorId, LocalShareProvider.State state, String table, String location) {
    SharingClient client = client(connectorId);
    TableRef ref = new TableRef(state.share(), state.schema(), table);
    List<TableRef> listed = call(() -> client.listAllTables(state.share()));
    if (!listed.contains(ref)) {
      throw mismatch(table + " is not listed in share " + state.share() + " through the sharing protocol");
    }
    TableInfo info = tables.info(location);
    TableAnswer answer = call(() -> client.query(ref, Map.of("version", info.version())));
    if (answer.version() != info.version()) {
      throw mismatch(table + " is served at version " + answer.version() + ", the lakehouse holds " + info.version());
    }
    if (!sameSchema(answer.metadata().path("schemaString").asText(), info.schema().toJson())) {
      throw mismatch(table + " is served with another schema than the lakehouse holds");
    }
    long rows = answer.numRecords();
    if (rows < 0) {
      throw mismatch(table + " has files without a row count in their statistics");
    }
    return rows;
  }

  /** The data tables a recipient sees in the share; fails when the share is not visible at all. */
  int visibleDataTables(String connectorId, LocalShareProvider.State state, List<String> metadataTables) {
    SharingClient client = client(connectorId);
    if (!call(client::listShares).contains(state.share())) {
      throw new ProviderException(Failures.PROVIDER_PERMISSION_DENIED, "share " + state.share()
          + " is not visible through the sharing protocol");
    }
    return (int) call(() -> client.listAllTables(state.share())).stream()
        .filter(t -> !metadataTables.contains(t.name())).count();
  }

  private SharingClient client(String connectorId) {
    RecipientTokens.Issued token = verifierTokens.compute(connectorId, (id, held) ->
        held != null && held.expiresAt().isAfter(clock.instant().plus(RENEW_BEFORE)) ? held
            : tokens.issueVerifierToken(id, TOKEN_LIFETIME));
    return new SharingClient(new SharingProfile(1, endpoint, token.secret(), token.expiresAt()), http);
  }

  private static boolean sameSchema(String served, String held) {
    try {
      return JSON.readTree(served).equals(JSON.readTree(held));
    } catch (IOException e) {
      return false;
    }
  }

  private static <T> T call(java.util.function.Supplier<T> request) {
    try {
      return request.get();
    } catch (SharingClientException e) {
      Failures type = e.status() == 0 || e.status() == 429 || e.status() >= 500 ? Failures.PROVIDER_TRANSIENT
          : e.status() == 404 ? Failures.VERIFY_MISMATCH : Failures.PROVIDER_AUTH;
      throw new ProviderException(type, "reading the share as its verifier recipient: " + e.getMessage());
    }
  }

  private static ProviderException mismatch(String message) {
    return new ProviderException(Failures.VERIFY_MISMATCH, message);
  }
}
