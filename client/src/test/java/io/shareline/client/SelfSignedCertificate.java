package io.shareline.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate for 127.0.0.1/localhost, made by the JDK's keytool and written as PEM files
 * (certificate, PKCS#8 key) the way an operator hands them to Shareline. Self-signed, so it is its own CA.
 */
record SelfSignedCertificate(Path cert, Path key) {

  static SelfSignedCertificate create(Path dir, String name) throws IOException, InterruptedException,
      GeneralSecurityException {
    Path store = dir.resolve(name + ".p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", name, "-keyalg", "RSA",
        "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, "changeit".toCharArray());
    }
    Path cert = Files.writeString(dir.resolve(name + ".pem"),
        pem("CERTIFICATE", keyStore.getCertificate(name).getEncoded()));
    Path key = Files.writeString(dir.resolve(name + ".key"),
        pem("PRIVATE KEY", keyStore.getKey(name, "changeit".toCharArray()).getEncoded()));
    return new SelfSignedCertificate(cert, key);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
