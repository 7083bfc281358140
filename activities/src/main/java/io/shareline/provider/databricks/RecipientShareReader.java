package io.shareline.provider.databricks;

import java.time.Instant;
import java.util.List;

/**
 * Reads a share the way its recipient does, through the sharing server with a recipient's credential:
 * what VERIFY needs to prove a recipient sees a table (listed, its version, its schema, its row count
 * from the file statistics), independent of the provider's own catalog and warehouse.
 */
public interface RecipientShareReader {

  /** A recipient's profile: the sharing server's endpoint and its bearer token (never printed). */
  record Credential(String endpoint, String bearerToken, Instant expiresAt) {
    @Override
    public String toString() {
      return "Credential[" + endpoint + ", token=***, expires " + expiresAt + "]";
    }
  }

  /** A table as the recipient reads it. */
  record TableState(long version, List<String> columns, long numRecords) {}

  /** The server refused the recipient, or the object is not there for it; {@code status} is the HTTP status. */
  final class Refused extends RuntimeException {
    private final int status;

    public Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }

    /** The credential itself was refused (expired, rotated away): a fresh one may read. */
    public boolean credentialRefused() {
      return status == 401 || status == 403;
    }
  }

  /** {@code schema.table} of every table the recipient is shown in the share. */
  List<String> tables(String share);

  /** The table at its current version: version, schema columns, and the sum of its files' numRecords. */
  TableState read(String share, String schema, String table);

  /** Makes a reader for one credential. */
  @FunctionalInterface
  interface Factory {
    RecipientShareReader open(Credential credential);
  }
}
