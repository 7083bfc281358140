package io.shareline.delivery;

import io.shareline.activities.SharelineActivities;
import io.shareline.connector.BackfillPlan;
import io.shareline.connector.ConnectorSpec;
import io.shareline.delta.DeltaTables;
import io.shareline.lakehouse.Lakehouse;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** Drives the real activities in the order the workflows call them, without a Temporal server. */
final class PipelineHarness {
  final SharelineActivities activities;
  final DeltaTables tables;
  final ConnectorSpec spec;
  final Lakehouse lakehouse;

  PipelineHarness(Path source, Path dataDir, String connectorId) {
    Configuration conf = new Configuration();
    this.activities = SharelineActivities.create(dataDir.toString(), conf);
    this.tables = new DeltaTables(conf);
    this.lakehouse = activities.lakehouse();
    this.spec = new ConnectorSpec(connectorId, source.toString(), "local", connectorId + "-recipient", List.of(), true);
  }

  BackfillPlan onboard() {
    activities.onboarding().provision(spec);
    activities.onboarding().verifyEmptyShare(spec);
    return activities.onboarding().planBackfill(spec);
  }

  StageResults.Verified deliver(RunRef run) {
    DeliveryRequest request = new DeliveryRequest(spec, run, false);
    DeliveryActivitiesImpl d = activities.delivery();
    StagedRun staged = d.stage(request);
    SchemaVersion version = d.schema(request, staged);
    d.load(request, staged, version);
    d.publish(request, staged, version);
    d.share(request, version);
    return d.verify(request, staged, version);
  }

  /** Onboards like the connector workflow: newest run first, then the rest oldest first. */
  void onboardAndDeliverAll() {
    List<RunRef> runs = onboard().runs();
    deliver(runs.get(runs.size() - 1));
    runs.subList(0, runs.size() - 1).forEach(this::deliver);
  }

  String table(String name) {
    return lakehouse.tablePath(spec.connectorId(), name);
  }
}
