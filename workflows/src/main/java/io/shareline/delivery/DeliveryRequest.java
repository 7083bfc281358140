package io.shareline.delivery;

import io.shareline.connector.spec.ConnectorSpec;

/**
 * Input of a run delivery: which connector, which run, and whether it is a live or backfill run.
 *
 * @param underConnector the connector workflow runs: the delivery takes its commit lock for the stages
 *                       that write the connector's shared tables and tells it when it parks in FAILED.
 *                       False only for a delivery started on its own (tests, one-shot tooling).
 */
public record DeliveryRequest(ConnectorSpec connector, RunRef run, boolean backfill, boolean underConnector) {

  public DeliveryRequest(ConnectorSpec connector, RunRef run, boolean backfill) {
    this(connector, run, backfill, false);
  }

  public String connectorId() {
    return connector.connectorId();
  }
}
