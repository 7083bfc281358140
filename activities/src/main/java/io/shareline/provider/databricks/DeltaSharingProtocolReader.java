package io.shareline.provider.databricks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import io.shareline.sharing.client.SharingClient;
import io.shareline.sharing.client.SharingClient.TableAnswer;
import io.shareline.sharing.client.SharingClient.TableRef;
import io.shareline.sharing.client.SharingClientException;
import io.shareline.sharing.client.SharingProfile;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A recipient's read of a Databricks share through the open Delta Sharing protocol, with Shareline's own
 * protocol client (the one the local provider's VERIFY uses): {@code all-tables} for the listing, one
 * {@code query} for the version ({@code Delta-Table-Version}), the schema ({@code metaData.schemaString})
 * and the files' {@code numRecords}. Messages carry statuses and names, never the token.
 */
final class DeltaSharingProtocolReader implements RecipientShareReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final SharingClient client;

  DeltaSharingProtocolReader(Credential credential) {
    this.client = new SharingClient(new SharingProfile(1, credential.endpoint(), credential.bearerToken(),
        credential.expiresAt()), HTTP);
  }

  @Override
  public List<String> tables(String share) {
    return call(() -> client.listAllTables(share).stream().map(t -> t.schema() + "." + t.name()).toList());
  }

  @Override
  public TableState read(String share, String schema, String table) {
    TableAnswer answer = call(() -> client.query(new TableRef(share, schema, table), Map.of()));
    long records = answer.numRecords();
    if (records < 0) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, "a shared file of " + schema + "." + table
          + " carries no numRecords statistic");
    }
    List<String> columns = new ArrayList<>();
    try {
      JSON.readTree(answer.metadata().path("schemaString").asText("{}")).path("fields")
          .forEach(f -> columns.add(f.path("name").asText()));
    } catch (IOException e) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, schema + "." + table + " is served with a schema"
          + " that is not JSON");
    }
    return new TableState(answer.version(), columns, records);
  }

  private static <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (SharingClientException e) {
      throw new Refused(e.status(), e.getMessage());
    }
  }
}
