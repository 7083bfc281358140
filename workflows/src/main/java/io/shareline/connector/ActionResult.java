package io.shareline.connector;

/** The answer to an accepted engineer action: the connector's status after it, and what was done. */
public record ActionResult(String connectorId, ConnectorStatus status, String message) {}
