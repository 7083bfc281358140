package io.shareline.connector;

import io.shareline.connector.spec.ConnectorSpec;
/** Start input of a connector: its spec, and the state carried over by continue-as-new (or null). */
public record ConnectorInput(ConnectorSpec spec, ConnectorState carried) {}
