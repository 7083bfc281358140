package io.shareline.client;

import java.nio.file.Path;

/**
 * Where and how to reach Temporal: a frontend address, a namespace and the credentials that cluster
 * wants — mutual TLS files, an API key, both or neither (a local server).
 *
 * @param tls null for plaintext
 * @param apiKey null for none; sent as a bearer token, so it implies TLS unless TLS is explicitly off
 */
public record TemporalTarget(String address, String namespace, Tls tls, String apiKey) {

  /**
   * @param clientCert PEM client certificate chain (mTLS), null for server-only TLS
   * @param clientKey PEM PKCS#8 private key of {@code clientCert}
   * @param serverCa PEM CA bundle to trust instead of the JVM's default trust store, null for the default
   * @param serverName expected server name (SNI / certificate host) when it differs from the address's host
   */
  public record Tls(Path clientCert, Path clientKey, Path serverCa, String serverName) {
    /** TLS against a server whose certificate the JVM already trusts, no client certificate. */
    public static final Tls SERVER_ONLY = new Tls(null, null, null, null);
  }

  /**
   * The target a set of connection settings names, by the one rule every command follows: TLS is on when
   * asked for, or else when any TLS file or an API key is given; a client certificate comes with its key;
   * an API key is never sent in plaintext.
   *
   * @param tls {@code null} when not set, so the files and the API key decide
   * @throws IllegalArgumentException naming the setting to fix
   */
  public static TemporalTarget resolve(String address, String namespace, Boolean tls, Tls files, String apiKey) {
    if ((files.clientCert() == null) != (files.clientKey() == null)) {
      throw new IllegalArgumentException("tls-cert and tls-key go together (TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY):"
          + " only the " + (files.clientCert() != null ? "certificate" : "key") + " was given");
    }
    boolean anyTls = !files.equals(Tls.SERVER_ONLY) || apiKey != null;
    boolean useTls = tls != null ? tls : anyTls;
    if (!useTls && anyTls) {
      throw new IllegalArgumentException("TLS is off (--no-tls or TEMPORAL_TLS=false) but TLS files or an API key are"
          + " set; an API key is never sent in plaintext");
    }
    return new TemporalTarget(address, namespace, useTls ? files : null, apiKey);
  }

  public static TemporalTarget plain(String address, String namespace) {
    return new TemporalTarget(address, namespace, null, null);
  }

  /** A short description for start-up lines and errors: never the key itself. */
  public String describe() {
    String auth = tls == null ? "plaintext" : tls.clientCert() != null ? "mTLS" : "TLS";
    return address + " (namespace " + namespace + ", " + auth + (apiKey != null ? " + API key" : "") + ")";
  }

  @Override
  public String toString() {
    return "TemporalTarget[" + describe() + "]";
  }
}
