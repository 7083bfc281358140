package io.shareline.client.codec;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where a process finds its codec keys, and the data converter that encrypts with them. */
public final class PayloadEncryption {

  public static final String KEYS_ENV = "SHARELINE_CODEC_KEYS";
  public static final String KEY_FILE_ENV = "SHARELINE_CODEC_KEY_FILE";

  private PayloadEncryption() {}

  /**
   * The SDK's default JSON conversion, then encryption of every payload; failure messages and stack
   * traces are moved into an encrypted payload too ({@code encodeFailureAttributes}).
   */
  public static DataConverter dataConverter(CodecKeys keys) {
    return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(new EncryptionCodec(keys)), true);
  }

  /**
   * Keys from an explicit file, else the environment's inline keys or key file; empty when none is set.
   *
   * @throws IllegalArgumentException naming the source of a malformed key (never the key)
   */
  public static Optional<CodecKeys> keys(String inline, Path file) {
    if (inline != null && file != null) {
      throw new IllegalArgumentException("codec keys are given both inline (" + KEYS_ENV + ") and as a file (" + file
          + "); give one");
    }
    if (file != null) {
      return Optional.of(CodecKeys.load(file));
    }
    if (inline != null) {
      return Optional.of(CodecKeys.parse(inline, KEYS_ENV));
    }
    return Optional.empty();
  }

  /** Keys as the CLI finds them: {@code --codec-key-file}, else the environment. */
  public static Optional<CodecKeys> keysFor(Path flagFile, Map<String, String> env) {
    Path file = flagFile != null ? flagFile : blank(env.get(KEY_FILE_ENV)) ? null : Path.of(env.get(KEY_FILE_ENV).trim());
    String inline = flagFile != null || blank(env.get(KEYS_ENV)) ? null : env.get(KEYS_ENV).trim();
    return keys(inline, file);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
