package io.shareline.worker.bench;

import io.shareline.activities.SharelineActivities;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.DeliveryRequest;
import io.shareline.delivery.RunRef;
import io.shareline.delivery.SchemaVersion;
import io.shareline.delivery.StagedBatch;
import io.shareline.delivery.StagedRun;
import io.shareline.delivery.stages.DeliveryActivitiesImpl;
import io.shareline.provider.local.LocalShareProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;

/**
 * The real STAGE, SCHEMA and LOAD activity code over a provisioned local connector, called directly
 * (no Temporal): what the delivery workflow runs for each source run up to the committed version table.
 */
final class BenchDelivery {

  /** Time spent in each stage of one delivery. */
  record StageTimes(Timing stage, Timing schema, Timing load) {
    Timing total() {
      return stage.plus(schema).plus(load);
    }
  }

  private final DeliveryActivitiesImpl delivery;
  private final ConnectorSpec spec;
  private final Object commitLock = new Object();
  private final AtomicInteger staging = new AtomicInteger();
  private final AtomicInteger mostStaging = new AtomicInteger();

  private BenchDelivery(DeliveryActivitiesImpl delivery, ConnectorSpec spec) {
    this.delivery = delivery;
    this.spec = spec;
  }

  /** Provisions connector {@code connectorId} over {@code source} with its lakehouse under {@code dataDir}. */
  static BenchDelivery provision(Path source, Path dataDir, String connectorId) {
    SharelineActivities activities = SharelineActivities.create(dataDir.toString(), new Configuration());
    ConnectorSpec spec = new ConnectorSpec(connectorId, source.toString(), LocalShareProvider.NAME,
        connectorId + "-recipient", List.of(), false);
    activities.onboarding().provision(spec);
    return new BenchDelivery(activities.delivery(), spec);
  }

  /** The most deliveries that were inside STAGE (reading, casting, writing Parquet) at the same moment. */
  int mostStagingAtOnce() {
    return mostStaging.get();
  }

  StageTimes deliver(RunRef run) {
    DeliveryRequest request = new DeliveryRequest(spec, run, false);
    Timing.Start clock = Timing.start();
    mostStaging.accumulateAndGet(staging.incrementAndGet(), Math::max);
    StagedRun staged;
    try {
      staged = delivery.stage(request);
    } finally {
      staging.decrementAndGet();
    }
    Timing stage = clock.stop();
    clock = Timing.start();
    SchemaVersion version;
    // As under the connector's commit lock: SCHEMA writes the connector's shared metadata tables.
    synchronized (commitLock) {
      version = delivery.schema(request, staged);
    }
    Timing schema = clock.stop();
    clock = Timing.start();
    delivery.load(new StagedBatch(request.connector(), version, List.of(staged)));
    return new StageTimes(stage, schema, clock.stop());
  }
}
