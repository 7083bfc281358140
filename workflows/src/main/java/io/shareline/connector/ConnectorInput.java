package io.shareline.connector;

/** Start input of a connector: its spec, and the state carried over by continue-as-new (or null). */
public record ConnectorInput(ConnectorSpec spec, ConnectorState carried) {}
