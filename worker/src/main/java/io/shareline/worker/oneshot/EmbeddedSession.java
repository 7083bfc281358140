package io.shareline.worker.oneshot;

import io.shareline.activities.SharelineActivities;
import io.shareline.client.SharelineClient;
import io.shareline.client.TemporalConnection;
import io.shareline.worker.config.WorkerSettings;
import io.shareline.worker.process.WorkerProcess;
import io.shareline.worker.runtime.EmbeddedTemporal;

/** Server, worker and client in one JVM, for the one-shot commands (demo, deliver). */
final class EmbeddedSession implements AutoCloseable {
  final WorkerProcess process;
  final EmbeddedTemporal server;
  final TemporalConnection connection;
  final SharelineActivities activities;
  final SharelineClient client;

  private EmbeddedSession(WorkerProcess process) {
    this.process = process;
    this.server = process.server();
    this.connection = process.connection();
    this.activities = process.activities();
    this.client = new SharelineClient(connection.client());
  }

  static EmbeddedSession start(WorkerSettings settings) {
    return new EmbeddedSession(WorkerProcess.start(settings, true));
  }

  @Override
  public void close() {
    process.close();
  }
}
