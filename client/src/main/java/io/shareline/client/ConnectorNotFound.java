package io.shareline.client;

/** No connector workflow runs under {@code connector/<connectorId>}. */
public class ConnectorNotFound extends IllegalStateException {

  private final String connectorId;

  public ConnectorNotFound(String connectorId) {
    super("no running connector " + connectorId);
    this.connectorId = connectorId;
  }

  public String connectorId() {
    return connectorId;
  }
}
