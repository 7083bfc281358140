package io.shareline.client.codec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys payloads are encrypted with, by id. The first key encrypts; every key decrypts, so a
 * key is rotated by putting the new one first and keeping the old ones until no history needs them.
 * Written {@code id:base64} (32 bytes once decoded), comma- or line-separated; {@code #} starts a comment
 * line in a file. No message ever contains key material.
 */
public final class CodecKeys {

  private static final String ID = "[A-Za-z0-9._-]{1,64}";

  private final String current;
  private final Map<String, SecretKey> keys;

  private CodecKeys(String current, Map<String, SecretKey> keys) {
    this.current = current;
    this.keys = Collections.unmodifiableMap(keys);
  }

  /** Keys from {@code id:base64[,id:base64...]}, e.g. the value of SHARELINE_CODEC_KEYS. */
  public static CodecKeys parse(String spec, String source) {
    return of(List.of(spec.split("[,\\s]+")), source);
  }

  /** Keys from a file, one {@code id:base64} per line. */
  public static CodecKeys load(Path file) {
    try {
      List<String> lines = Files.readAllLines(file).stream().map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
      return of(lines, "key file " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read codec key file " + file + ": " + e.getClass().getSimpleName());
    }
  }

  /** A fresh random key in the {@code id:base64} form, for operators generating one. */
  public static String generate(String id) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return id + ":" + Base64.getEncoder().encodeToString(key);
  }

  private static CodecKeys of(List<String> entries, String source) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String first = null;
    int position = 0;
    for (String entry : entries) {
      if (entry.isBlank()) {
        continue;
      }
      position++;
      int colon = entry.indexOf(':');
      String id = colon < 0 ? "" : entry.substring(0, colon).strip();
      if (!id.matches(ID)) {
        throw new IllegalArgumentException("codec key #" + position + " in " + source
            + " is not id:base64 (id of letters, digits, '.', '_', '-')");
      }
      byte[] material;
      try {
        material = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("codec key '" + id + "' in " + source + " is not valid base64");
      }
      if (material.length != 32) {
        throw new IllegalArgumentException("codec key '" + id + "' in " + source + " is " + material.length
            + " bytes; AES-256 needs 32 (e.g. openssl rand -base64 32)");
      }
      if (keys.put(id, new SecretKeySpec(material, "AES")) != null) {
        throw new IllegalArgumentException("codec key id '" + id + "' appears twice in " + source);
      }
      if (first == null) {
        first = id;
      }
    }
    if (first == null) {
      throw new IllegalArgumentException("no codec key in " + source);
    }
    return new CodecKeys(first, keys);
  }

  /** The id of the key that encrypts. */
  public String currentId() {
    return current;
  }

  SecretKey current() {
    return keys.get(current);
  }

  SecretKey get(String id) {
    return keys.get(id);
  }

  public Set<String> ids() {
    return keys.keySet();
  }

  @Override
  public String toString() {
    return "CodecKeys[current=" + current + ", ids=" + keys.keySet() + "]";
  }
}
