package io.shareline.sharing.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileUrlsTest {
  private static final byte[] KEY = new byte[32];
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aUrlPastItsExpiryIsRefused() {
    FileUrls issuer = urls(NOW);
    String url = issuer.url(new FileUrls.FileRef("acme", "people", 3, "part-1.parquet", issuer.expiry()));
    assertTrue(verify(urls(NOW.plus(Duration.ofMinutes(59))), url).isPresent());
    assertEquals(Optional.empty(), verify(urls(NOW.plus(Duration.ofMinutes(61))), url));
  }

  @Test
  void aUrlSignedWithAnotherKeyIsRefused() {
    FileUrls issuer = new FileUrls("http://h/delta-sharing", new byte[] {1}, Clock.fixed(NOW, ZoneOffset.UTC),
        Duration.ofHours(1));
    String url = issuer.url(new FileUrls.FileRef("acme", "people", 3, "part-1.parquet", issuer.expiry()));
    assertEquals(Optional.empty(), verify(urls(NOW), url));
  }

  @Test
  void aByteRangeIsReadAsTheHttpSpecSays() {
    assertEquals(100, FileEndpoint.range("bytes=100-", 1000)[0]);
    assertEquals(1000, FileEndpoint.range("bytes=100-", 1000)[1]);
    assertEquals(992, FileEndpoint.range("bytes=-8", 1000)[0]);
    assertEquals(200, FileEndpoint.range("bytes=100-199", 1000)[1]);
    assertEquals(0, FileEndpoint.range("bytes=1-2,5-6", 1000)[0]);
  }

  private static Optional<FileUrls.FileRef> verify(FileUrls urls, String url) {
    URI uri = URI.create(url);
    String[] segments = uri.getPath().substring(uri.getPath().indexOf("/files/") + 7).split("/");
    String expires = uri.getQuery().replaceAll(".*expires=(\\d+).*", "$1");
    String signature = uri.getQuery().replaceAll(".*signature=([0-9a-f]+).*", "$1");
    return urls.verify(segments, expires, signature);
  }

  private static FileUrls urls(Instant now) {
    return new FileUrls("http://h/delta-sharing", KEY, Clock.fixed(now, ZoneOffset.UTC), Duration.ofHours(1));
  }
}
