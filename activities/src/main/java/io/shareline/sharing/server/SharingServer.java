package io.shareline.sharing.server;

import io.shareline.delta.DeltaTables;
import io.shareline.delta.SnapshotReader;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.sharing.credential.RecipientTokens;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shareline's open Delta Sharing server over a data folder (local or {@code s3a://}): stateless, it reads
 * the tables and the local provider's state, so any number of replicas can serve one folder.
 */
public final class SharingServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SharingServer.class);
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  /**
   * @param endpoint the public URL recipients use, ending in {@code /delta-sharing} (null: this server's own)
   * @param urlLifetime how long a pre-signed file URL stays valid
   * @param requestsPerSecond per-token rate limit (0: none)
   */
  public record Settings(String host, int port, String endpoint, Duration urlLifetime, double requestsPerSecond) {
    public static final Duration DEFAULT_URL_LIFETIME = Duration.ofHours(1);
    public static final double DEFAULT_REQUESTS_PER_SECOND = 50;

    public static Settings loopback(int port) {
      return new Settings("127.0.0.1", port, null, DEFAULT_URL_LIFETIME, DEFAULT_REQUESTS_PER_SECOND);
    }
  }

  private final Server server;
  private final SignedUrls urls;
  private final String endpoint;

  private SharingServer(Server server, SignedUrls urls, String endpoint) {
    this.server = server;
    this.urls = urls;
    this.endpoint = endpoint;
  }

  public static SharingServer start(Settings settings, Lakehouse lakehouse, DeltaTables tables) {
    Clock clock = Clock.systemUTC();
    QueuedThreadPool threads = new QueuedThreadPool(200, 8);
    threads.setName("sharing-server");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(MAX_HEADER_BYTES);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    server.addConnector(connector);
    try {
      connector.open();
    } catch (IOException e) {
      throw new IllegalStateException("the sharing server cannot listen on " + settings.host() + ":"
          + settings.port() + ": " + e.getMessage());
    }
    String endpoint = settings.endpoint() != null ? trim(settings.endpoint()) : localEndpoint(connector);
    SnapshotReader reader = tables.reader();
    RecipientTokens tokens = new RecipientTokens(lakehouse, clock);
    ShareDirectory directory = new ShareDirectory(lakehouse);
    FileUrls fileUrls = new FileUrls(endpoint, signingKey(lakehouse), clock, settings.urlLifetime());
    SignedUrls urls = new SignedUrls(fileUrls, reader, lakehouse.conf(), clock);
    TableStates states = new TableStates(reader);
    server.setHandler(new ProtocolHandler(tokens, directory, new TableEndpoints(reader, states, urls),
        new FileEndpoint(fileUrls, directory, reader, states, lakehouse.conf()), new ActivationEndpoint(tokens, endpoint),
        new RateLimiter(settings.requestsPerSecond())));
    server.setErrorHandler(SharingServer::jettyError);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("the sharing server did not start: " + e.getMessage(), e);
    }
    log.info("Delta Sharing server on {}:{}, recipients use {}", settings.host(), connector.getLocalPort(), endpoint);
    return new SharingServer(server, urls, endpoint);
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** The URL recipients' profiles name. */
  public String endpoint() {
    return endpoint;
  }

  /** This server's own URL on the interface it listens on (loopback when it listens on all of them). */
  public String localEndpoint() {
    return localEndpoint((ServerConnector) server.getConnectors()[0]);
  }

  private static String localEndpoint(ServerConnector connector) {
    String host = connector.getHost();
    boolean any = host == null || host.equals("0.0.0.0") || host.equals("::");
    return "http://" + (any ? "127.0.0.1" : host) + ":" + connector.getLocalPort() + ProtocolHandler.PREFIX;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("stopping the sharing server failed: {}", e.toString());
    }
    urls.close();
  }

  /**
   * The HMAC key of file URLs: created once under the data folder ({@code internal/sharing/url-signing.key}),
   * so every replica serving the folder signs and checks alike, and a restart keeps issued URLs valid.
   */
  static byte[] signingKey(Lakehouse lakehouse) {
    Path path = new Path(lakehouse.dataDir() + "/internal/sharing/url-signing.key");
    try {
      FileSystem fs = path.getFileSystem(lakehouse.conf());
      try {
        return readKey(fs, path);
      } catch (FileNotFoundException absent) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (OutputStream out = fs.create(path, false)) {
          out.write(Base64.getEncoder().encode(key));
          return key;
        } catch (IOException raced) {
          return readKey(fs, path); // another replica wrote it first
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read or create the URL signing key " + path + ": " + e.getMessage());
    }
  }

  private static byte[] readKey(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return Base64.getDecoder().decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
    }
  }

  /**
   * What Jetty itself refuses before any handler runs (an oversized header, a malformed request line) gets
   * the protocol's JSON error body too, never Jetty's HTML page or a stack trace.
   */
  private static boolean jettyError(Request request, Response response, Callback callback) {
    int status = response.getStatus() >= 400 ? response.getStatus() : 400;
    String body = "{\"errorCode\":\"" + (status >= 500 ? ProtocolError.INTERNAL_ERROR : ProtocolError.MALFORMED_REQUEST)
        + "\",\"message\":\"HTTP " + status + "\"}";
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Exchange.APPLICATION_JSON);
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  private static String trim(String endpoint) {
    return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
  }
}
