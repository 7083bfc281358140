package io.shareline.connector;

import io.shareline.connector.spec.ConnectorSpec;
/** Removes the recipient's access; with {@code purge} the shared tables and their data go too. */
public record RevokeRequest(ConnectorSpec spec, boolean purge) {}
