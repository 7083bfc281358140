package io.shareline.acceptance;

import io.shareline.activities.SharelineActivities;
import io.shareline.connector.ConnectorSpec;
import io.shareline.delivery.DeliveryActivitiesImpl;
import io.shareline.delivery.DeliveryRequest;
import io.shareline.delivery.RunRef;
import io.shareline.delivery.SchemaVersion;
import io.shareline.delivery.StagedRun;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Drives the real activities in the order the workflows call them, without a Temporal server (as
 * {@code io.shareline.delivery.PipelineHarness} does, which is package-private there).
 */
final class AcceptancePipeline {
  final SharelineActivities activities;
  final ConnectorSpec spec;

  AcceptancePipeline(Path source, Path dataDir, String connectorId) {
    this.activities = SharelineActivities.create(dataDir.toString(), new Configuration());
    this.spec = new ConnectorSpec(connectorId, source.toString(), "local", connectorId + "-recipient", List.of(), true);
  }

  void deliver(RunRef run) {
    DeliveryRequest request = new DeliveryRequest(spec, run, false);
    DeliveryActivitiesImpl d = activities.delivery();
    StagedRun staged = d.stage(request);
    SchemaVersion version = d.schema(request, staged);
    d.load(request, staged, version);
    d.publish(request, staged, version);
    d.share(request, version);
    d.verify(request, staged, version);
  }

  /** Onboards like the connector workflow: newest run first, then the rest oldest first. */
  void onboardAndDeliverAll() {
    activities.onboarding().provision(spec);
    activities.onboarding().verifyEmptyShare(spec);
    List<RunRef> runs = activities.onboarding().planBackfill(spec).runs();
    deliver(runs.get(runs.size() - 1));
    runs.subList(0, runs.size() - 1).forEach(this::deliver);
  }
}
