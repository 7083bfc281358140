package io.shareline.client;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the gRPC client TLS context from PEM files, failing with a message that names the bad file. */
final class TlsContexts {

  private TlsContexts() {}

  static SslContext client(TemporalTarget.Tls tls) {
    if ((tls.clientCert() == null) != (tls.clientKey() == null)) {
      throw new IllegalStateException("mTLS needs both a client certificate and its key (TEMPORAL_TLS_CERT and "
          + "TEMPORAL_TLS_KEY); only " + (tls.clientCert() != null ? "the certificate" : "the key") + " was given");
    }
    requireReadable(tls.clientCert(), "TLS client certificate");
    requireReadable(tls.clientKey(), "TLS client key");
    requireReadable(tls.serverCa(), "TLS server CA");
    SslContextBuilder builder = GrpcSslContexts.forClient();
    try {
      if (tls.clientCert() != null) {
        builder.keyManager(tls.clientCert().toFile(), tls.clientKey().toFile());
      }
    } catch (RuntimeException e) {
      // Netty names neither file nor reason clearly; the key material itself never reaches the message.
      throw new IllegalStateException("cannot use TLS client certificate " + tls.clientCert() + " with key "
          + tls.clientKey() + ": not a PEM certificate chain and PKCS#8 key pair (" + e.getClass().getSimpleName() + ")");
    }
    try {
      if (tls.serverCa() != null) {
        builder.trustManager(tls.serverCa().toFile());
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot use TLS server CA " + tls.serverCa() + ": not a PEM certificate ("
          + e.getClass().getSimpleName() + ")");
    }
    try {
      return builder.build();
    } catch (Exception e) {
      throw new IllegalStateException("cannot build the TLS context from " + files(tls) + ": " + e.getMessage());
    }
  }

  private static void requireReadable(Path file, String what) {
    if (file != null && !Files.isReadable(file)) {
      throw new IllegalStateException(what + " file " + file + " does not exist or is not readable");
    }
  }

  private static String files(TemporalTarget.Tls tls) {
    return "certificate " + tls.clientCert() + ", key " + tls.clientKey() + ", CA " + tls.serverCa();
  }
}
