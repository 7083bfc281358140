package io.shareline.connector;

import io.shareline.connector.spec.ConnectorSpec;
/** Issues a new credential to the connector's token recipient; the old one expires after the given seconds. */
public record RotateTokenRequest(ConnectorSpec spec, long existingTokenExpiresInSeconds) {}
