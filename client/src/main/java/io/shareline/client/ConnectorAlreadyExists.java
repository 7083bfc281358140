package io.shareline.client;

/**
 * A create found the connector id taken: running with a different spec, or closed (revoked,
 * failed) and therefore never re-created under the same id.
 */
public class ConnectorAlreadyExists extends IllegalStateException {

  private final String connectorId;

  public ConnectorAlreadyExists(String connectorId, String reason) {
    super("connector " + connectorId + " already exists: " + reason);
    this.connectorId = connectorId;
  }

  public String connectorId() {
    return connectorId;
  }
}
