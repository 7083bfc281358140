package io.shareline.lakehouse;

import io.shareline.schema.FieldSpec;
import io.shareline.schema.PublicField;
import io.shareline.source.PublicSchema;
import io.shareline.source.RecordedColumns;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    return resolve(connectorId, workflowId, load(connectorId, workflowId), fingerprint, fields);
  }

  private Entry resolve(String connectorId, String workflowId, Versions current, String fingerprint,
      List<PublicField> fields) throws IOException {
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

  /** The columns this workflow's registered versions gave their fields, for naming a run's columns. */
  public RecordedColumns recordedColumns(String connectorId, String workflowId) throws IOException {
    return recorded(load(connectorId, workflowId));
  }

  /** Names the schema's columns as {@link #recordedColumns} says and resolves its version, reading the file once. */
  public Entry register(String connectorId, String workflowId, List<FieldSpec> schema) throws IOException {
    Versions current = load(connectorId, workflowId);
    PublicSchema named = PublicSchema.of(schema, recorded(current));
    return resolve(connectorId, workflowId, current, named.fingerprint(), named.fields());
  }

  private static RecordedColumns recorded(Versions versions) {
    Map<String, List<PublicField>> byFingerprint = new LinkedHashMap<>();
    versions.versions().forEach(e -> byFingerprint.put(e.fingerprint(), e.fields()));
    return new RecordedColumns(byFingerprint);
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
