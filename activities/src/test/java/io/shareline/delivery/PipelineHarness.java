package io.shareline.delivery;

import io.shareline.activities.SharelineActivities;
import io.shareline.connector.BackfillPlan;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.stages.DeliveryActivitiesImpl;
import io.shareline.delta.DeltaTables;
import io.shareline.lakehouse.Lakehouse;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/** Drives the real activities in the order the workflows call them, without a Temporal server. */
public final class PipelineHarness {
  public final SharelineActivities activities;
  public final DeltaTables tables;
  public final ConnectorSpec spec;
  public final Lakehouse lakehouse;

  public PipelineHarness(Path source, Path dataDir, String connectorId) {
    Configuration conf = new Configuration();
    this.activities = SharelineActivities.create(dataDir.toString(), conf);
    this.tables = new DeltaTables(conf);
    this.lakehouse = activities.lakehouse();
    this.spec = new ConnectorSpec(connectorId, source.toString(), "local", connectorId + "-recipient", List.of(), true);
  }

  public BackfillPlan onboard() {
    activities.onboarding().provision(spec);
    activities.onboarding().verifyEmptyShare(spec);
    return activities.onboarding().planBackfill(spec);
  }

  public StageResults.BatchVerified deliver(RunRef run) {
    return deliver(new DeliveryRequest(spec, run, false));
  }

  /** The six stages in order, as the delivery workflow runs them for a delivery of one run. */
  public StageResults.BatchVerified deliver(DeliveryRequest request) {
    DeliveryActivitiesImpl d = activities.delivery();
    StagedRun staged = d.stage(request);
    return finish(d, alone(request, staged, d.schema(request, staged)));
  }

  /** A batch of one run. */
  public static StagedBatch alone(DeliveryRequest request, StagedRun staged, SchemaVersion version) {
    return new StagedBatch(request.connector(), version, List.of(staged));
  }

  /** LOAD, PUBLISH, SHARE and VERIFY of a batch, in order. */
  public static StageResults.BatchVerified finish(DeliveryActivitiesImpl d, StagedBatch batch) {
    d.load(batch);
    d.publish(batch);
    d.share(batch);
    return d.verify(batch);
  }

  /** Onboards like the connector workflow: newest run first, then the rest oldest first. */
  public void onboardAndDeliverAll() {
    List<RunRef> runs = onboard().runs();
    deliver(runs.get(runs.size() - 1));
    runs.subList(0, runs.size() - 1).forEach(this::deliver);
  }

  public String table(String name) {
    return lakehouse.tablePath(spec.connectorId(), name);
  }
}
