package io.shareline.sharing.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who read which table when: one line per request on logger {@code io.shareline.sharing.access} with the
 * recipient, connector, table, version, files listed or served and bytes sent. Never a token or URL.
 */
final class AccessLog {
  private static final Logger log = LoggerFactory.getLogger("io.shareline.sharing.access");

  /** Filled in while a request is handled. */
  static final class Entry {
    final String operation;
    final long startNanos = System.nanoTime();
    String recipient = "-";
    String connectorId = "-";
    String table = "-";
    Long version;
    long files;

    Entry(String operation) {
      this.operation = operation;
    }
  }

  private AccessLog() {}

  static void write(Entry e, int status, long bytes) {
    log.info("op={} recipient={} connector={} table={} version={} files={} bytes={} status={} ms={}", e.operation,
        e.recipient, e.connectorId, e.table, e.version == null ? "-" : e.version, e.files, bytes, status,
        (System.nanoTime() - e.startNanos) / 1_000_000);
  }
}
