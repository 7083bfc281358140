package io.shareline.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.common.Failures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hands a token recipient's activation link, once, to the connector's secure contact: a file dropped
 * in a directory the operator watches, or a POST to a webhook. Shareline keeps nothing of the link.
 */
public interface ActivationOutbox {

  /** A new credential's activation link; {@link #toString()} never shows the link. */
  record Activation(String connectorId, String recipient, String tokenId, String activationUrl, Instant expiresAt) {
    @Override
    public String toString() {
      return "Activation[" + connectorId + "/" + recipient + ", token " + tokenId + ", expires " + expiresAt + "]";
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("connector_id", connectorId);
      m.put("recipient", recipient);
      m.put("token_id", tokenId);
      m.put("activation_url", activationUrl);
      m.put("expires_at", expiresAt == null ? null : expiresAt.toString());
      return m;
    }
  }

  void deliver(Activation activation);

  /** {@code http(s)://…} is a webhook, anything else a directory; null or blank refuses every delivery. */
  static ActivationOutbox of(String target) {
    if (target == null || target.isBlank()) {
      return activation -> {
        throw new ProviderException(Failures.CONFIG_INVALID, "connector " + activation.connectorId()
            + " has a token recipient but no activation outbox is configured: set activation-outbox"
            + " (formerly databricks.activation-outbox; a directory or a webhook URL)");
      };
    }
    if (target.startsWith("http://") || target.startsWith("https://")) {
      return new Webhook(URI.create(target));
    }
    return new FileDrop(Path.of(target));
  }

  /** One JSON file per activation, readable by its owner only, moved into place whole. */
  record FileDrop(Path directory) implements ActivationOutbox {
    @Override
    public void deliver(Activation activation) {
      try {
        Files.createDirectories(directory);
        String name = (activation.connectorId() + "-" + activation.recipient() + "-" + activation.tokenId())
            .replaceAll("[^A-Za-z0-9_.-]", "_") + ".json";
        Path tmp = Files.createTempFile(directory, ".activation", ".tmp");
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // Windows: the directory's ACL is the operator's to set.
        }
        Files.write(tmp, new ObjectMapper().writeValueAsBytes(activation.json()));
        Files.move(tmp, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new ProviderException(Failures.STORAGE_TRANSIENT, "cannot drop the activation of " + activation
            + " in " + directory + ": " + e.getClass().getSimpleName());
      }
    }
  }

  /** POSTs the activation as JSON; any 2xx is delivered. */
  record Webhook(URI url) implements ActivationOutbox {
    @Override
    public void deliver(Activation activation) {
      try {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new ObjectMapper().writeValueAsBytes(activation.json())))
            .build();
        int status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 != 2) {
          throw new ProviderException(Failures.PROVIDER_TRANSIENT, "activation webhook " + url.getHost()
              + " answered HTTP " + status + " for " + activation);
        }
      } catch (IOException e) {
        throw new ProviderException(Failures.PROVIDER_TRANSIENT, "activation webhook " + url.getHost()
            + " unreachable for " + activation + ": " + e.getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException(Failures.PROVIDER_TRANSIENT, "interrupted while delivering " + activation);
      }
    }
  }
}
