package io.shareline.worker.config;

import java.nio.file.Path;

/**
 * Payload encryption keys and the Web UI codec endpoint.
 *
 * @param keys inline keys ({@code id:base64,...}), null when none
 * @param keyFile file of keys, one {@code id:base64} per line, null when none
 * @param serverPort port of the codec endpoint, null when it is off
 * @param serverToken bearer token the endpoint requires; mandatory when it is on
 */
public record CodecSettings(String keys, Path keyFile, Integer serverPort, String serverHost, String serverToken,
    String corsOrigin) {

  public boolean encrypts() {
    return keys != null || keyFile != null;
  }

  static CodecSettings resolve(WorkerSettings.Resolver r) {
    String keys = r.text(Setting.CODEC_KEYS);
    Path keyFile = r.path(Setting.CODEC_KEY_FILE);
    if (keys != null && keyFile != null) {
      throw new IllegalArgumentException("give codec keys either inline (" + r.origin(Setting.CODEC_KEYS) + ") or as a file ("
          + r.origin(Setting.CODEC_KEY_FILE) + "), not both");
    }
    Integer port = r.integer(Setting.CODEC_SERVER_PORT);
    String token = r.text(Setting.CODEC_SERVER_TOKEN);
    if (port != null && token == null) {
      throw new IllegalArgumentException("the codec endpoint (codec-server.port, " + r.origin(Setting.CODEC_SERVER_PORT)
          + ") needs a bearer token: set SHARELINE_CODEC_TOKEN");
    }
    if (port != null && keys == null && keyFile == null) {
      throw new IllegalArgumentException("the codec endpoint (codec-server.port) needs codec keys: set"
          + " SHARELINE_CODEC_KEYS or SHARELINE_CODEC_KEY_FILE");
    }
    return new CodecSettings(keys, keyFile, port, r.text(Setting.CODEC_SERVER_HOST), token,
        r.text(Setting.CODEC_SERVER_CORS_ORIGIN));
  }

  @Override
  public String toString() {
    return "CodecSettings[keys=" + (keys != null ? "(set)" : "none") + ", keyFile=" + keyFile + ", serverPort="
        + serverPort + ", serverHost=" + serverHost + ", serverToken=" + (serverToken != null ? "(set)" : "none")
        + ", corsOrigin=" + corsOrigin + "]";
  }
}
