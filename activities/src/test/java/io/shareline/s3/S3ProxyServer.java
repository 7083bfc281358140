package io.shareline.s3;

import java.net.URI;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * An S3-compatible server on 127.0.0.1 (a free port), backed by memory, with one fresh bucket. Each
 * server gets its own bucket name: Hadoop caches a FileSystem per bucket, so a reused name would reach
 * a stopped server's endpoint.
 */
public final class S3ProxyServer implements AutoCloseable {
  private static final String ACCESS_KEY = "shareline-test";
  private static final String SECRET_KEY = "shareline-test-secret";

  private final S3Proxy proxy;
  private final BlobStore store;
  private final String bucket;

  private S3ProxyServer(S3Proxy proxy, BlobStore store, String bucket) {
    this.proxy = proxy;
    this.store = store;
    this.bucket = bucket;
  }

  public static S3ProxyServer start() throws Exception {
    BlobStore store = new TransientNio2BlobStore();
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(10);
    }
    String bucket = "shareline-" + UUID.randomUUID().toString().substring(0, 8);
    store.createContainer(bucket);
    return new S3ProxyServer(proxy, store, bucket);
  }

  /** {@code s3a://<bucket>/<prefix>}. */
  public String uri(String prefix) {
    return "s3a://" + bucket + "/" + prefix;
  }

  public BlobStore store() {
    return store;
  }

  public String bucket() {
    return bucket;
  }

  /** What S3A needs against a plain-HTTP local endpoint, with retries cut short so a failure shows at once. */
  public Configuration hadoopConf() {
    Configuration conf = new Configuration();
    hadoopSettings().forEach(conf::set);
    return conf;
  }

  /** The same settings as {@code key -> value}, e.g. for a worker's {@code hadoop.*} config keys. */
  public java.util.Map<String, String> hadoopSettings() {
    java.util.Map<String, String> s = new java.util.LinkedHashMap<>();
    s.put("fs.s3a.endpoint", "http://127.0.0.1:" + proxy.getPort());
    s.put("fs.s3a.endpoint.region", "us-east-1");
    s.put("fs.s3a.path.style.access", "true");
    s.put("fs.s3a.connection.ssl.enabled", "false");
    s.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s.put("fs.s3a.access.key", ACCESS_KEY);
    s.put("fs.s3a.secret.key", SECRET_KEY);
    s.put("fs.s3a.change.detection.mode", "none");
    s.put("fs.s3a.bucket.probe", "0");
    s.put("fs.s3a.attempts.maximum", "1");
    s.put("fs.s3a.retry.limit", "1");
    s.put("fs.s3a.retry.interval", "50ms");
    s.put("fs.s3a.retry.throttle.limit", "1");
    s.put("fs.s3a.retry.throttle.interval", "50ms");
    s.put("fs.s3a.connection.establish.timeout", "15s");
    s.put("fs.s3a.connection.timeout", "30s");
    return s;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    store.close();
  }
}
