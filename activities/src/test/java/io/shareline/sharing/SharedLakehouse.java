package io.shareline.sharing;

import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delta.DeltaTables;
import io.shareline.delta.WrittenFile;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.provider.local.LocalShareProvider;
import io.shareline.sharing.client.SharingProfile;
import io.shareline.sharing.credential.RecipientTokens;
import io.shareline.sharing.server.SharingServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;

/**
 * A data folder with connectors on the local provider, their tables shared, and a sharing server over it:
 * the fixture of the protocol tests. Tables hold rows {@code (id, city)} appended in commits.
 */
final class SharedLakehouse implements AutoCloseable {
  static final StructType PEOPLE = new StructType().add("id", LongType.LONG).add("city", StringType.STRING);
  static final HttpClient HTTP = HttpClient.newHttpClient();

  final Path dir;
  final Lakehouse lakehouse;
  final DeltaTables tables;
  final LocalShareProvider provider;
  final RecipientTokens tokens;
  private SharingServer server;
  private int staged;

  SharedLakehouse(Path dir) {
    this(dir, dir.toString(), new Configuration());
  }

  /** Tables under {@code dataDir} (e.g. an {@code s3a://} root), scratch files under the local {@code dir}. */
  SharedLakehouse(Path dir, String dataDir, Configuration conf) {
    this.dir = dir;
    this.lakehouse = new Lakehouse(dataDir, conf);
    this.tables = new DeltaTables(conf);
    this.provider = new LocalShareProvider(lakehouse, tables);
    this.tokens = new RecipientTokens(lakehouse, Clock.systemUTC());
  }

  static ConnectorSpec connector(String id) {
    return new ConnectorSpec(id, "/nowhere", "local", id + "-recipient", List.of(), false);
  }

  /** Provisions the connector and shares a table of {@code rowsPerCommit.length} commits under {@code table}. */
  SharedLakehouse share(String connectorId, String table, long... rowsPerCommit) {
    ConnectorSpec spec = connector(connectorId);
    provider.provision(spec, lakehouse.storagePath(connectorId));
    String path = lakehouse.tablePath(connectorId, table);
    tables.createIfAbsent(path, PEOPLE, Map.of());
    long next = 0;
    for (int i = 0; i < rowsPerCommit.length; i++) {
      append(path, next, rowsPerCommit[i]);
      next += rowsPerCommit[i];
    }
    provider.registerTables(spec, Map.of(table, path));
    provider.addToShare(spec, List.of(table));
    return this;
  }

  void append(String path, long firstId, long rows) {
    String staging = dir.resolve("staged-" + (++staged)).toUri().toString();
    Iterator<Object[]> values = LongStream.range(firstId, firstId + rows)
        .mapToObj(id -> new Object[] {id, "city-" + (id % 7)}).iterator();
    List<WrittenFile> files = tables.writeParquet(staging, PEOPLE, values, 1000);
    tables.appendFiles(path, tables.copyInto(path, files, "part-" + staged), "fixture-" + staged, 1);
  }

  SharingServer server() {
    return server(SharingServer.Settings.loopback(0));
  }

  SharingServer server(SharingServer.Settings settings) {
    if (server == null) {
      server = SharingServer.start(settings, lakehouse, tables);
    }
    return server;
  }

  /** A recipient's profile, fetched through the one-time activation link as a customer would. */
  SharingProfile profile(String connectorId) {
    RecipientTokens.Issued link = tokens.issueActivation(connectorId, connectorId + "-recipient", Duration.ofDays(30));
    HttpResponse<String> answer = get(activationUrl(link));
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("activation answered " + answer.statusCode() + ": " + answer.body());
    }
    try {
      return io.shareline.lakehouse.JsonFiles.MAPPER.readValue(answer.body(), SharingProfile.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String activationUrl(RecipientTokens.Issued link) {
    return server().endpoint() + "/activation/" + link.secret();
  }

  static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static List<String> lines(String body) {
    List<String> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isBlank()) {
        out.add(line);
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
