package io.shareline.client;

/** One line of a connector listing: its id and the status its search attribute last showed. */
public record ConnectorSummary(String connectorId, String status) {}
