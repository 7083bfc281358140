package io.shareline.s3;

import io.shareline.activities.SharelineActivities;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.connector.spec.DeliverySettings;
import io.shareline.delivery.DeliveryRequest;
import io.shareline.delivery.PipelineHarness;
import io.shareline.delivery.RunRef;
import io.shareline.delivery.StagedRun;
import io.shareline.delivery.stages.DeliveryActivitiesImpl;
import java.util.List;

/** Runs the real activities in the order the workflows call them, without a Temporal server. */
final class Deliveries {
  private final SharelineActivities activities;
  private final ConnectorSpec spec;

  Deliveries(SharelineActivities activities, ConnectorSpec spec) {
    this.activities = activities;
    this.spec = spec;
  }

  static ConnectorSpec connector(String source, DeliverySettings settings) {
    return new ConnectorSpec("acme", source, "local", "acme-recipient", List.of(), true, settings);
  }

  /** Onboards the connector and returns the runs its backfill would deliver. */
  List<RunRef> onboard() {
    activities.onboarding().provision(spec);
    activities.onboarding().verifyEmptyShare(spec);
    return activities.onboarding().planBackfill(spec).runs();
  }

  StagedRun stage(RunRef run) {
    return activities.delivery().stage(request(run));
  }

  /** The stages after STAGE, through VERIFY. */
  void finish(StagedRun staged) {
    DeliveryRequest request = request(staged.run());
    DeliveryActivitiesImpl d = activities.delivery();
    PipelineHarness.finish(d, PipelineHarness.alone(request, staged, d.schema(request, staged)));
  }

  void deliverAll() {
    for (RunRef run : onboard()) {
      finish(stage(run));
    }
  }

  private DeliveryRequest request(RunRef run) {
    return new DeliveryRequest(spec, run, false);
  }
}
