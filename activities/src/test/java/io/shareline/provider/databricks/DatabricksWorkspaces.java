package io.shareline.provider.databricks;

import io.shareline.s3.S3ProxyServer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One S3 for a test class, and a fresh workspace (emulator and storage root of its own) per test. */
final class DatabricksWorkspaces implements BeforeAllCallback, AfterAllCallback {
  private final AtomicInteger made = new AtomicInteger();
  private S3ProxyServer s3;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    s3 = S3ProxyServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    s3.close();
  }

  DatabricksWorkspace next(Path outbox) throws Exception {
    return DatabricksWorkspace.on(s3, "ws" + made.incrementAndGet(), outbox);
  }
}
