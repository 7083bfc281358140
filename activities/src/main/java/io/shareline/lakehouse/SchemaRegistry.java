package io.shareline.lakehouse;

import io.shareline.schema.PublicField;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Numbers a workflow's public schemas: the first fingerprint is version 1, each new one n+1. Internal
 * (never shared); one file per connector and workflow, written by one delivery at a time because a
 * workflow's runs are delivered in order.
 */
public final class SchemaRegistry {

  /** One registered version. */
  public record Entry(int version, String fingerprint, List<PublicField> fields, Instant registeredAt) {}

  /** The stored document. */
  public record Versions(List<Entry> versions) {
    public Versions {
      versions = versions == null ? List.of() : List.copyOf(versions);
    }
  }

  private final Lakehouse lakehouse;
  private final JsonFiles files;

  public SchemaRegistry(Lakehouse lakehouse) {
    this.lakehouse = lakehouse;
    this.files = new JsonFiles(lakehouse.conf());
  }

  /** The version of {@code fingerprint}, registering it as the next version if it is new. */
  public Entry resolve(String connectorId, String workflowId, String fingerprint, List<PublicField> fields)
      throws IOException {
    Versions current = load(connectorId, workflowId);
    Optional<Entry> known = current.versions().stream().filter(e -> e.fingerprint().equals(fingerprint)).findFirst();
    if (known.isPresent()) {
      return known.get();
    }
    Entry added = new Entry(current.versions().size() + 1, fingerprint, fields, Instant.now());
    List<Entry> all = new ArrayList<>(current.versions());
    all.add(added);
    files.write(location(connectorId, workflowId), new Versions(all));
    return added;
  }

  public int newestVersion(String connectorId, String workflowId) throws IOException {
    return load(connectorId, workflowId).versions().size();
  }

  public Versions load(String connectorId, String workflowId) throws IOException {
    return files.read(location(connectorId, workflowId), Versions.class).orElse(new Versions(List.of()));
  }

  private String location(String connectorId, String workflowId) {
    return lakehouse.internalPath(connectorId, "schemas", workflowId + ".json");
  }
}
