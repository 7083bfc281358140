package io.shareline.connector;

/**
 * The provider objects a connector owns, and how its VERIFY proves a recipient sees each run ({@code proof},
 * null when the provider does not say).
 */
public record Provisioned(String share, String recipient, String schema, String storagePath, String proof) {
  public Provisioned(String share, String recipient, String schema, String storagePath) {
    this(share, recipient, schema, storagePath, null);
  }
}
