package io.shareline.connector;

/** The provider objects a connector owns. */
public record Provisioned(String share, String recipient, String schema, String storagePath) {}
