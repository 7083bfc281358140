package io.shareline.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.client.TemporalTarget;
import io.shareline.client.codec.CodecKeys;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The client commands' connection options: TLS, API key and codec keys reach the connection. */
class TemporalOptionsTest {

  @TempDir Path tmp;

  private final AtomicReference<TemporalTarget> target = new AtomicReference<>();
  private final AtomicReference<DataConverter> converter = new AtomicReference<>();
  private final StringWriter err = new StringWriter();

  /** Runs status with a factory that records what it was asked for and then refuses, as an unreachable server would. */
  private int status(String... args) {
    ConnectionFactory recording = (t, c) -> {
      target.set(t);
      converter.set(c);
      throw new IllegalStateException("cannot reach Temporal at " + t.address() + ": recorded");
    };
    CommandLine line = new CommandLine(StatusCommand.class, Commands.factory(recording));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  @Test
  void withoutTlsOptionsTheTargetIsPlaintextAndUnencoded() {
    status("--connector", "c", "--address", "temporal:7233");

    assertEquals(TemporalTarget.plain("temporal:7233", "default"), target.get());
  }

  @Test
  void certificateKeyAndCaFlagsMakeAMutualTlsTarget() {
    status("--connector", "c", "--tls-cert", "/c.pem", "--tls-key", "/c.key", "--tls-ca", "/ca.pem");

    assertEquals(new TemporalTarget.Tls(Path.of("/c.pem"), Path.of("/c.key"), Path.of("/ca.pem"), null),
        target.get().tls());
  }

  @Test
  void anApiKeyTurnsTlsOn() {
    status("--connector", "c", "--api-key", "k");

    assertEquals(TemporalTarget.Tls.SERVER_ONLY, target.get().tls());
    assertEquals("k", target.get().apiKey());
  }

  @Test
  void aCertificateWithoutItsKeyIsRefusedBeforeConnecting() {
    int code = status("--connector", "c", "--tls-cert", "/c.pem");

    assertEquals(1, code);
    assertNull(target.get());
    assertTrue(err.toString().contains("tls-cert and tls-key go together"), err.toString());
  }

  @Test
  void anApiKeyWithTlsTurnedOffIsRefusedBeforeConnecting() {
    int code = status("--connector", "c", "--api-key", "k", "--no-tls");

    assertEquals(1, code);
    assertNull(target.get());
    assertTrue(err.toString().contains("never sent in plaintext"), err.toString());
  }

  @Test
  void aCodecKeyFileGivesTheConnectionTheEncryptingConverter() throws Exception {
    Path keys = Files.writeString(tmp.resolve("keys"), CodecKeys.generate("k1") + "\n");

    int code = status("--connector", "c", "--codec-key-file", keys.toString());

    assertEquals(1, code);
    assertTrue(converter.get() instanceof CodecDataConverter, String.valueOf(converter.get()));
  }

  @Test
  void aMalformedCodecKeyFileIsOneLineWithoutTheKey() throws Exception {
    Path keys = Files.writeString(tmp.resolve("keys"), "k1:c2hvcnQ=\n");

    int code = status("--connector", "c", "--codec-key-file", keys.toString());

    assertEquals(1, code);
    assertNull(target.get());
    assertTrue(err.toString().startsWith("status: codec key 'k1' in key file " + keys), err.toString());
    assertNotNull(err.toString());
  }
}
