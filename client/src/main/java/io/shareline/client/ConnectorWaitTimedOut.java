package io.shareline.client;

import io.shareline.connector.ConnectorState;

/** A wait for a connector status ran out of time; carries the last state seen. */
public class ConnectorWaitTimedOut extends IllegalStateException {

  private final transient ConnectorState lastState;

  public ConnectorWaitTimedOut(String connectorId, String wanted, ConnectorState lastState) {
    super(
        "connector "
            + connectorId
            + " still "
            + lastState.status()
            + " (pending "
            + lastState.pending().size()
            + ", in flight "
            + lastState.inFlight().values()
            + "), waited for "
            + wanted);
    this.lastState = lastState;
  }

  public ConnectorState lastState() {
    return lastState;
  }
}
