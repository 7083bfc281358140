package io.shareline.delivery;

import io.shareline.connector.ConnectorSpec;
import java.util.List;

/**
 * Staged runs of one source workflow and one schema version, delivered together: what the batch
 * stages after SCHEMA take. References only (staged paths, counts, field names), never a row value.
 */
public record StagedBatch(ConnectorSpec connector, SchemaVersion version, List<StagedRun> runs) {

  public StagedBatch {
    runs = List.copyOf(runs);
  }

  public String connectorId() {
    return connector.connectorId();
  }

  public List<String> jobIds() {
    return runs.stream().map(r -> r.run().jobId()).toList();
  }
}
