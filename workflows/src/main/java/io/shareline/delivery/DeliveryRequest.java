package io.shareline.delivery;

import io.shareline.connector.ConnectorSpec;

/** Input of a run delivery: which connector, which run, and whether it is a live or backfill run. */
public record DeliveryRequest(ConnectorSpec connector, RunRef run, boolean backfill) {

  public String connectorId() {
    return connector.connectorId();
  }
}
