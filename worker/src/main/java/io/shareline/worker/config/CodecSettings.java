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
    String keys = r.optional("codec.keys");
    Path keyFile = r.path("codec.key-file");
    if (keys != null && keyFile != null) {
      throw new IllegalArgumentException("give codec keys either inline (" + r.origin("codec.keys") + ") or as a file ("
          + r.origin("codec.key-file") + "), not both");
    }
    Integer port = r.optionalInteger("codec-server.port", 0, 65535);
    String token = r.optional("codec-server.token");
    if (port != null && token == null) {
      throw new IllegalArgumentException("the codec endpoint (codec-server.port, " + r.origin("codec-server.port")
          + ") needs a bearer token: set SHARELINE_CODEC_TOKEN");
    }
    if (port != null && keys == null && keyFile == null) {
      throw new IllegalArgumentException("the codec endpoint (codec-server.port) needs codec keys: set"
          + " SHARELINE_CODEC_KEYS or SHARELINE_CODEC_KEY_FILE");
    }
    return new CodecSettings(keys, keyFile, port, r.string("codec-server.host", WorkerSettings.LOOPBACK), token,
        r.string("codec-server.cors-origin", WorkerSettings.DEFAULT_CODEC_CORS_ORIGIN));
  }

  @Override
  public String toString() {
    return "CodecSettings[keys=" + (keys != null ? "(set)" : "none") + ", keyFile=" + keyFile + ", serverPort="
        + serverPort + ", serverHost=" + serverHost + ", serverToken=" + (serverToken != null ? "(set)" : "none")
        + ", corsOrigin=" + corsOrigin + "]";
  }
}
