package io.shareline.delivery;

import io.shareline.connector.spec.ConnectorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Staged runs of one source workflow and one schema version, delivered together: what the batch
 * stages after SCHEMA take. References only (staged paths, counts, field names), never a row value.
 */
public record StagedBatch(ConnectorSpec connector, SchemaVersion version, List<StagedRun> runs) {

  public StagedBatch {
    runs = List.copyOf(runs);
  }

  /** Consecutive staged runs of one schema version form one batch ({@code versions} parallel to {@code staged}). */
  public static List<StagedBatch> bySchemaVersion(ConnectorSpec connector, List<StagedRun> staged,
      List<SchemaVersion> versions) {
    List<StagedBatch> batches = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= staged.size(); i++) {
      if (i == staged.size() || versions.get(i).version() != versions.get(from).version()) {
        batches.add(new StagedBatch(connector, versions.get(from), staged.subList(from, i)));
        from = i;
      }
    }
    return batches;
  }

  public String connectorId() {
    return connector.connectorId();
  }

  public List<String> jobIds() {
    return runs.stream().map(r -> r.run().jobId()).toList();
  }
}
