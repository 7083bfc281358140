package io.shareline.client.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.DataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptionCodecTest {

  private static final String OLD = CodecKeys.generate("2025-01");
  private static final String NEW = CodecKeys.generate("2026-06");

  @TempDir Path tmp;

  private static Payload json(String text) {
    return Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(text)).build();
  }

  private static EncryptionCodec codec(String spec) {
    return new EncryptionCodec(CodecKeys.parse(spec, "test"));
  }

  @Test
  void aPayloadRoundTripsAndIsUnreadableInBetween() {
    EncryptionCodec codec = codec(NEW);
    Payload plain = json("{\"source\":\"/secret/source/path\"}");

    Payload sealed = codec.encode(List.of(plain)).get(0);

    assertFalse(sealed.toByteString().toStringUtf8().contains("secret"));
    assertEquals("binary/encrypted", sealed.getMetadataOrThrow("encoding").toStringUtf8());
    assertEquals("2026-06", sealed.getMetadataOrThrow("encryption-key-id").toStringUtf8());
    assertEquals(plain, codec.decode(List.of(sealed)).get(0));
  }

  @Test
  void theSamePayloadEncryptsDifferentlyEachTime() {
    EncryptionCodec codec = codec(NEW);

    assertFalse(codec.encode(List.of(json("1"))).equals(codec.encode(List.of(json("1")))));
  }

  @Test
  void afterRotationNewPayloadsUseTheNewKeyAndOldOnesStillDecrypt() {
    Payload fromBefore = codec(OLD).encode(List.of(json("before"))).get(0);
    EncryptionCodec rotated = codec(NEW + "," + OLD);

    Payload fromAfter = rotated.encode(List.of(json("after"))).get(0);

    assertEquals("2026-06", fromAfter.getMetadataOrThrow("encryption-key-id").toStringUtf8());
    assertEquals(json("before"), rotated.decode(List.of(fromBefore)).get(0));
    assertEquals(json("after"), rotated.decode(List.of(fromAfter)).get(0));
  }

  @Test
  void aTamperedPayloadFailsAuthenticationWithAClearMessage() {
    EncryptionCodec codec = codec(NEW);
    Payload sealed = codec.encode(List.of(json("{\"rows\":42}"))).get(0);
    byte[] data = sealed.getData().toByteArray();
    data[data.length - 1] ^= 1;
    Payload tampered = sealed.toBuilder().setData(ByteString.copyFrom(data)).build();

    PayloadCodecException e = assertThrows(PayloadCodecException.class, () -> codec.decode(List.of(tampered)));

    assertTrue(e.getMessage().contains("failed authentication"), e.getMessage());
  }

  @Test
  void aPayloadRelabelledWithAnotherKnownKeyIdFailsAuthentication() {
    Payload sealed = codec(NEW).encode(List.of(json("x"))).get(0);
    Payload relabelled = sealed.toBuilder().putMetadata("encryption-key-id", ByteString.copyFromUtf8("2025-01")).build();

    assertThrows(PayloadCodecException.class, () -> codec(OLD + "," + NEW).decode(List.of(relabelled)));
  }

  @Test
  void anUnknownKeyIdIsNamedWithTheKnownOnes() {
    Payload sealed = codec(OLD).encode(List.of(json("x"))).get(0);

    PayloadCodecException e = assertThrows(PayloadCodecException.class, () -> codec(NEW).decode(List.of(sealed)));

    assertTrue(e.getMessage().contains("key id '2025-01'"), e.getMessage());
    assertTrue(e.getMessage().contains("[2026-06]"), e.getMessage());
  }

  @Test
  void unencryptedPayloadsPassThroughDecoding() {
    assertEquals(json("legacy"), codec(NEW).decode(List.of(json("legacy"))).get(0));
  }

  @Test
  void failureMessagesAndStackTracesAreEncryptedToo() {
    DataConverter converter = PayloadEncryption.dataConverter(CodecKeys.parse(NEW, "test"));

    Failure failure = converter.exceptionToFailure(
        ApplicationFailure.newNonRetryableFailure("cannot read /secret/source/path", "SOURCE_MISSING"));

    assertFalse(failure.toByteString().toStringUtf8().contains("/secret/source/path"));
    assertTrue(converter.failureToException(failure).getMessage().contains("/secret/source/path"));
  }

  @Test
  void malformedKeysAreRejectedWithoutEchoingTheMaterial() {
    String shortKey = "k1:c2hvcnQ=";
    IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
        () -> CodecKeys.parse(shortKey, "SHARELINE_CODEC_KEYS"));
    IllegalArgumentException noId = assertThrows(IllegalArgumentException.class,
        () -> CodecKeys.parse("c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=", "SHARELINE_CODEC_KEYS"));

    assertEquals("codec key 'k1' in SHARELINE_CODEC_KEYS is 5 bytes; AES-256 needs 32 (e.g. openssl rand -base64 32)",
        tooShort.getMessage());
    assertFalse(noId.getMessage().contains("c2VjcmV0"), noId.getMessage());
  }

  @Test
  void keysLoadFromAFileWithCommentsAndTheFirstEncrypts() throws Exception {
    Path file = Files.writeString(tmp.resolve("keys"), "# newest first\n" + NEW + "\n\n" + OLD + "\n");

    Optional<CodecKeys> keys = PayloadEncryption.keysFor(null, java.util.Map.of("SHARELINE_CODEC_KEY_FILE",
        file.toString()));

    assertEquals("2026-06", keys.orElseThrow().currentId());
    assertEquals(List.of("2026-06", "2025-01"), List.copyOf(keys.orElseThrow().ids()));
  }
}
