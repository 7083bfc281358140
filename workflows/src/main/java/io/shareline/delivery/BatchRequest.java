package io.shareline.delivery;

import io.shareline.connector.spec.ConnectorSpec;
import java.util.List;

/**
 * Input of a backfill batch: consecutive historical runs of one source workflow, in job order.
 *
 * @param underConnector as in {@link DeliveryRequest}: take the connector's commit lock, tell it of failures
 */
public record BatchRequest(ConnectorSpec connector, List<RunRef> runs, boolean underConnector) {

  public BatchRequest {
    runs = List.copyOf(runs);
  }

  /** The request a single run of this batch is delivered with (STAGE, SCHEMA, or alone). */
  public DeliveryRequest request(RunRef run) {
    return new DeliveryRequest(connector, run, true, underConnector);
  }

  public String connectorId() {
    return connector.connectorId();
  }
}
