package io.shareline.client.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts every payload (inputs, results, signals, queries, heartbeat details, failure attributes) with
 * AES-256-GCM before it leaves the process, so Temporal's history holds no source path, row value or token
 * in clear. The encrypted payload names its key id in its metadata, which is also bound into the GCM tag:
 * a payload moved to another id, or altered, fails to decrypt instead of decoding to garbage. Payloads
 * that are not encrypted (history written before encryption was turned on) pass through unchanged.
 */
public final class EncryptionCodec implements PayloadCodec {

  public static final String ENCODING = "binary/encrypted";
  public static final String METADATA_ENCODING = "encoding";
  public static final String METADATA_KEY_ID = "encryption-key-id";
  public static final String METADATA_CIPHER = "encryption-cipher";
  static final String CIPHER = "AES/GCM/NoPadding";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

  private final CodecKeys keys;
  private final SecureRandom random = new SecureRandom();

  public EncryptionCodec(CodecKeys keys) {
    this.keys = keys;
  }

  public CodecKeys keys() {
    return keys;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  private Payload encrypt(Payload payload) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    String id = keys.currentId();
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.current(), iv, id);
      byte[] sealed = cipher.doFinal(payload.toByteArray());
      return Payload.newBuilder()
          .putMetadata(METADATA_ENCODING, ENCODING_BYTES)
          .putMetadata(METADATA_KEY_ID, ByteString.copyFromUtf8(id))
          .putMetadata(METADATA_CIPHER, ByteString.copyFromUtf8(CIPHER))
          .setData(ByteString.copyFrom(iv).concat(ByteString.copyFrom(sealed)))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot encrypt a payload with key '" + id + "': " + e.getClass().getSimpleName());
    }
  }

  private Payload decrypt(Payload payload) {
    if (!ENCODING_BYTES.equals(payload.getMetadataOrDefault(METADATA_ENCODING, ByteString.EMPTY))) {
      return payload;
    }
    String id = payload.getMetadataOrDefault(METADATA_KEY_ID, ByteString.EMPTY).toStringUtf8();
    SecretKey key = keys.get(id);
    if (key == null) {
      throw new PayloadCodecException("payload is encrypted with key id '" + id + "', which is not among the"
          + " configured codec keys " + keys.ids() + "; add that key (keys are never removed while history needs them)");
    }
    byte[] data = payload.getData().toByteArray();
    if (data.length < IV_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException("encrypted payload (key id '" + id + "') is truncated");
    }
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(data, IV_BYTES), id);
      return Payload.parseFrom(cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES));
    } catch (AEADBadTagException e) {
      throw new PayloadCodecException("encrypted payload (key id '" + id + "') failed authentication: it was"
          + " altered, or the key configured under that id is not the one it was encrypted with");
    } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
      throw new PayloadCodecException("cannot decrypt a payload with key '" + id + "': " + e.getClass().getSimpleName());
    }
  }

  private static Cipher cipher(int mode, SecretKey key, byte[] iv, String keyId) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(CIPHER);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
    cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }
}
