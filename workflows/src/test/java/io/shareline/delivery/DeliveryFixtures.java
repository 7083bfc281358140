package io.shareline.delivery;

import io.shareline.common.SearchAttributes;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.schema.PublicField;
import io.shareline.schema.SourceType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small builders for delivery records used by workflow tests. */
public final class DeliveryFixtures {
  private DeliveryFixtures() {}

  public static ConnectorSpec connector(String id) {
    return new ConnectorSpec(id, "/tmp/source", "local", "recipient-1", List.of(), true);
  }

  public static DeliveryRequest request(String connectorId, RunRef run) {
    return new DeliveryRequest(connector(connectorId), run, false);
  }

  public static StagedRun staged(RunRef run, long rows) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new StagedRun(run, "/tmp/staging/" + run.key(), List.of(new StagedRun.StagedFile("/tmp/f.parquet", 10, rows)),
        rows, "fp-1", List.of(new PublicField("title", "title", SourceType.parse("STRING"), true)),
        new StagedRun.DeliveryColumns("shareline_job_id", "shareline_run_finished_at", "shareline_delivered_at"),
        new StagedRun.RunTimes(t, t, t), Map.of());
  }

  public static SchemaVersion version(RunRef run) {
    return new SchemaVersion(run.workflowId(), 1, "fp-1", "wf_" + run.workflowId() + "__v1", 1);
  }

  public static void registerSearchAttributes(TestWorkflowEnvironment env) {
    SearchAttributes.ALL.forEach(key ->
        env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
  }
}
