package io.shareline.connector;

import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.connector.spec.OrchestrationSettings;
import io.shareline.delivery.RunRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small builders for connector specs, plans and carried state. */
final class ConnectorFixtures {
  static final String CONNECTOR_ID = "c1";

  private ConnectorFixtures() {}

  static RunRef run(String jobId) {
    return new RunRef("wf1", jobId);
  }

  static RunRef run(String workflowId, String jobId) {
    return new RunRef(workflowId, jobId);
  }

  static SpecBuilder spec() {
    return new SpecBuilder();
  }

  static Provisioned provisioned() {
    return new Provisioned("share-c1", "recipient-1", "shareline_c1", "/tmp/tables/c1");
  }

  static EmptyShareVerified emptyShare() {
    return new EmptyShareVerified("share-c1", "recipient-1", true, 0);
  }

  static final class SpecBuilder {
    private List<String> workflows = new ArrayList<>();
    private int maxParallel;
    private int pageSize;
    private OrchestrationSettings.BackfillOrder order;
    private int batchSize;
    private long batchBytes;

    SpecBuilder scopedTo(String... workflowIds) {
      workflows = Arrays.asList(workflowIds);
      return this;
    }

    SpecBuilder maxParallelDeliveries(int max) {
      maxParallel = max;
      return this;
    }

    SpecBuilder backfillPages(int size, OrchestrationSettings.BackfillOrder backfillOrder) {
      pageSize = size;
      order = backfillOrder;
      return this;
    }

    SpecBuilder backfillBatches(int size) {
      batchSize = size;
      return this;
    }

    SpecBuilder backfillBatchBytes(long bytes) {
      batchBytes = bytes;
      return this;
    }

    ConnectorSpec build() {
      return new ConnectorSpec(CONNECTOR_ID, "/tmp/source", "local", "recipient-1", workflows, false, null,
          new OrchestrationSettings(maxParallel, pageSize, order, batchSize, batchBytes));
    }
  }

  /** A state as continue-as-new would carry it: already ACTIVE with some runs done. */
  static ConnectorState activeState(ConnectorSpec spec, RunRef... done) {
    ConnectorState state = new ConnectorState(spec);
    state.provisioned(provisioned());
    state.moveTo(ConnectorStatus.ACTIVE);
    for (RunRef run : done) {
      state.delivered(run, 0);
    }
    return state;
  }
}
