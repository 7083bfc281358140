package io.shareline.delivery;

import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.connector.spec.DeliverySettings;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The real delivery stages for one provisioned connector with chosen delivery settings. */
final class Deliveries {
  private final PipelineHarness harness;
  private final ConnectorSpec spec;

  Deliveries(Path source, Path dataDir, DeliverySettings settings) {
    this.harness = new PipelineHarness(source, dataDir, "acme");
    this.spec = new ConnectorSpec("acme", source.toString(), "local", "acme-recipient", List.of(), false, settings);
    harness.activities.onboarding().provision(spec);
  }

  static DeliverySettings policies(DeliverySettings.CastPolicy defaultPolicy,
      Map<String, DeliverySettings.CastPolicy> overrides) {
    return new DeliverySettings(defaultPolicy, overrides, null, false);
  }

  StagedRun stage(RunRef run) {
    return harness.activities.delivery().stage(request(run));
  }

  StageResults.BatchVerified deliver(RunRef run) {
    return harness.deliver(request(run));
  }

  List<Map<String, Object>> rows(String table) {
    return harness.tables.readAll(harness.table(table));
  }

  List<String> columns(String table) {
    return harness.tables.info(harness.table(table)).schema().fieldNames();
  }

  /** Rows of every published table of the connector: metadata tables and the workflow's data tables. */
  Map<String, Long> publishedRowCounts(String workflowId) {
    List<String> names = new ArrayList<>(MetadataTables.ALL);
    names.add(Lakehouse.latestTable(workflowId));
    for (int v = 1; harness.tables.exists(harness.table(Lakehouse.versionTable(workflowId, v))); v++) {
      names.add(Lakehouse.versionTable(workflowId, v));
    }
    Map<String, Long> counts = new TreeMap<>();
    for (String name : names) {
      if (harness.tables.exists(harness.table(name))) {
        counts.put(name, harness.tables.countRows(harness.table(name)));
      }
    }
    return counts;
  }

  private DeliveryRequest request(RunRef run) {
    return new DeliveryRequest(spec, run, false);
  }
}
