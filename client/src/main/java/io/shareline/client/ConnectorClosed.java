package io.shareline.client;

/** The connector workflow has closed (revoked, failed, terminated): it takes no more runs. */
public class ConnectorClosed extends IllegalStateException {

  private final String connectorId;

  public ConnectorClosed(String connectorId, String reason) {
    super("connector " + connectorId + " is closed: " + reason);
    this.connectorId = connectorId;
  }

  public String connectorId() {
    return connectorId;
  }
}
