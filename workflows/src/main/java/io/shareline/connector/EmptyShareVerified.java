package io.shareline.connector;

/** Result of the zero-data check: the share exists, the recipient holds its grant, no data is shared. */
public record EmptyShareVerified(String share, String recipient, boolean granted, int dataTables) {}
