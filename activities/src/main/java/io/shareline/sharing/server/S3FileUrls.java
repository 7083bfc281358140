package io.shareline.sharing.server;

import java.net.URI;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Pre-signed S3 GET URLs for files of tables under an {@code s3a://} root, signed with the credentials,
 * endpoint and region the Hadoop configuration gives S3A (so the URL reaches the same store).
 */
final class S3FileUrls implements AutoCloseable {
  private final S3Presigner presigner;

  S3FileUrls(Configuration conf) {
    S3Presigner.Builder builder = S3Presigner.builder()
        .region(Region.of(conf.get("fs.s3a.endpoint.region", conf.get("fs.s3a.region", "us-east-1"))))
        .credentialsProvider(credentials(conf))
        .serviceConfiguration(S3Configuration.builder()
            .pathStyleAccessEnabled(conf.getBoolean("fs.s3a.path.style.access", false)).build());
    String endpoint = conf.get("fs.s3a.endpoint");
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint));
    }
    this.presigner = builder.build();
  }

  static boolean handles(String location) {
    return location.startsWith("s3a://") || location.startsWith("s3://");
  }

  /** @param file the file's absolute {@code s3a://bucket/key} location */
  String url(String file, Duration lifetime) {
    URI uri = URI.create(file);
    String key = uri.getRawPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
    return presigner.presignGetObject(r -> r.signatureDuration(lifetime)
        .getObjectRequest(g -> g.bucket(uri.getHost()).key(key))).url().toString();
  }

  private static AwsCredentialsProvider credentials(Configuration conf) {
    String access = conf.get("fs.s3a.access.key");
    String secret = conf.get("fs.s3a.secret.key");
    if (access != null && secret != null) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  @Override
  public void close() {
    presigner.close();
  }
}
