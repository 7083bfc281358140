package io.shareline.connector;

import java.time.Instant;

/** A token recipient's new credential, by reference only: the activation link went to the secure contact. */
public record TokenRotated(String recipient, String tokenId, Instant expiresAt) {}
