package io.shareline.worker.oneshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.lakehouse.JsonFiles;
import io.shareline.sharing.client.SharingClient;
import io.shareline.sharing.client.SharingProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo's recipient side: takes the connector's activation link from the outbox, downloads the profile
 * once, writes it owner-readable, reads a table through the protocol and prints how to read it again.
 */
final class RecipientProfile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RecipientProfile() {}

  static Path activate(Path outbox, String connector, Path target) throws IOException, InterruptedException {
    Path activation;
    try (Stream<Path> files = Files.list(outbox)) {
      activation = files.filter(p -> p.getFileName().toString().startsWith(connector + "-")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no activation link of " + connector + " in " + outbox));
    }
    String url = JSON.readTree(activation.toFile()).path("activation_url").asText();
    HttpResponse<String> profile = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (profile.statusCode() != 200) {
      throw new IllegalStateException("the activation link answered HTTP " + profile.statusCode());
    }
    Files.deleteIfExists(target);
    Files.createFile(target);
    try {
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the folder's ACL applies
    }
    Files.writeString(target, profile.body());
    return target;
  }

  /** Reads the {@code workflows} table as the recipient and prints the commands that read it again. */
  static void show(Path profileFile, String dataDir, PrintStream out) throws IOException {
    SharingProfile profile = JsonFiles.MAPPER.readValue(profileFile.toFile(), SharingProfile.class);
    SharingClient client = new SharingClient(profile);
    String share = client.listShares().get(0);
    List<SharingClient.TableRef> tables = client.listAllTables(share);
    SharingClient.TableRef workflows = tables.stream().filter(t -> t.name().equals("workflows")).findFirst()
        .orElse(tables.get(0));
    SharingClient.TableAnswer answer = client.query(workflows, Map.of());
    out.printf("Recipient profile: %s (token valid until %s)%n", profileFile, profile.expirationTime());
    out.printf("Read through the Delta Sharing protocol: %d tables in share %s; %s has %d rows in %d files%n",
        tables.size(), share, workflows.name(), answer.numRecords(), answer.actions().size());
    String fullName = share + "." + workflows.schema() + "." + workflows.name();
    out.println("Read it again (while a sharing server serves this folder: ./shareline sharing-server --data-dir "
        + dataDir + " --port " + URI.create(profile.endpoint()).getPort() + "):");
    out.println("  curl -s -X POST -d '{}' -H \"Authorization: Bearer $(python3 -c 'import json,sys;"
        + " print(json.load(open(sys.argv[1]))[\"bearerToken\"])' " + profileFile + ")\" " + profile.endpoint()
        + "/shares/" + share + "/schemas/" + workflows.schema() + "/tables/" + workflows.name() + "/query");
    out.println("  python3 -c \"import delta_sharing; print(delta_sharing.load_as_pandas('" + profileFile + "#"
        + fullName + "'))\"");
  }

}
