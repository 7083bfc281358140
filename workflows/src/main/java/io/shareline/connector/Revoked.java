package io.shareline.connector;

/** What a revoke removed at the provider. */
public record Revoked(String recipient, boolean grantRemoved, boolean purged) {}
