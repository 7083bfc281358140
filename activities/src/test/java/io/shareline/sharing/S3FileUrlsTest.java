package io.shareline.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.shareline.s3.S3ProxyServer;
import io.shareline.sharing.client.SharingClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables under an s3a:// root are served as real S3 pre-signed URLs, checked by a local S3 server. */
class S3FileUrlsTest {
  @TempDir Path dir;

  @Test
  void aFileOfAnS3TableDownloadsThroughItsPreSignedUrlUntilTheSignatureIsChanged() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start();
        SharedLakehouse lake = new SharedLakehouse(dir, s3.uri("data"), s3.hadoopConf()).share("acme", "people", 4)) {
      JsonNode file = new SharingClient(lake.profile("acme"))
          .query(new SharingClient.TableRef("shareline_acme", "shareline_acme", "people"), Map.of())
          .actions().get(0).get("file");
      String url = file.path("url").asText();
      assertTrue(url.contains("X-Amz-Signature=") && url.contains("X-Amz-Expires="), url);
      HttpResponse<byte[]> download = SharedLakehouse.HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, download.statusCode());
      assertEquals(file.path("size").asLong(), download.body().length);
      String tampered = url.replaceFirst("X-Amz-Signature=.", "X-Amz-Signature=0");
      assertEquals(403, SharedLakehouse.HTTP.send(HttpRequest.newBuilder(URI.create(tampered)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode());
    }
  }
}
