package io.shareline.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.shareline.common.Failures;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.DeliveryRequest;
import io.shareline.delivery.DeliveryStage;
import io.shareline.delivery.RunRef;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.ledger.Ledger;
import io.temporal.failure.ApplicationFailure;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageRunnerMetricsTest {

  @TempDir Path tmp;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private StageRunner runner() {
    return new StageRunner(new Ledger(new Lakehouse(tmp.toString(), new Configuration())),
        new MicrometerDeliveryMetrics(registry));
  }

  private static DeliveryRequest request() {
    return new DeliveryRequest(new ConnectorSpec("acme", "/src", "local", "r", null, false), new RunRef("prices", "j1"),
        false);
  }

  @Test
  void aFailedStageCountsByStageAndClassifiedType() {
    StageRunner runner = runner();

    assertThrows(ApplicationFailure.class, () -> runner.run(request(), DeliveryStage.LOAD, () -> {
      throw new FileNotFoundException("s3a://bucket/table/_delta_log");
    }));

    assertEquals(1.0, registry.get("shareline.stage.failures").tag("stage", "LOAD")
        .tag("type", Failures.STORAGE_TRANSIENT.name()).counter().count());
    assertEquals(1, registry.get("shareline.stage.duration").tag("stage", "LOAD").tag("outcome", "failed").timer().count());
  }

  @Test
  void aSucceededStageIsTimedAndCountsNoFailure() {
    runner().run(request(), DeliveryStage.SCHEMA, () -> "ok");

    assertEquals(1, registry.get("shareline.stage.duration").tag("stage", "SCHEMA").tag("outcome", "succeeded").timer()
        .count());
    assertEquals(0, registry.find("shareline.stage.failures").counters().size());
  }

  @Test
  void aVerifiedRunCountsRowsBytesAndLag() {
    new MicrometerDeliveryMetrics(registry).runVerified("acme", 120, 4096, Duration.ofMinutes(3));

    assertEquals(1.0, registry.get("shareline.runs.delivered").tag("connector", "acme").counter().count());
    assertEquals(120.0, registry.get("shareline.rows.delivered").tag("connector", "acme").counter().count());
    assertEquals(4096.0, registry.get("shareline.bytes.delivered").tag("connector", "acme").counter().count());
    assertEquals(180.0, registry.get("shareline.delivery.lag").timer().totalTime(java.util.concurrent.TimeUnit.SECONDS));
  }
}
