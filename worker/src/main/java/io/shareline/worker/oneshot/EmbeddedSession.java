package io.shareline.worker.oneshot;

import com.google.inject.Guice;
import io.shareline.activities.SharelineActivities;
import io.shareline.client.SharelineClient;
import io.shareline.client.TemporalConnection;
import io.shareline.worker.WorkerRuntime;
import io.shareline.worker.config.WorkerModule;
import io.shareline.worker.config.WorkerSettings;
import io.shareline.worker.runtime.EmbeddedTemporal;

/** Server, worker and client in one JVM, for the one-shot commands (demo, deliver). */
final class EmbeddedSession implements AutoCloseable {
  final EmbeddedTemporal server;
  final TemporalConnection connection;
  final WorkerRuntime worker;
  final SharelineActivities activities;
  final SharelineClient client;

  private EmbeddedSession(EmbeddedTemporal server, TemporalConnection connection, WorkerRuntime worker,
      SharelineActivities activities) {
    this.server = server;
    this.connection = connection;
    this.worker = worker;
    this.activities = activities;
    this.client = new SharelineClient(connection.client());
  }

  static EmbeddedSession start(WorkerSettings settings) {
    EmbeddedTemporal server = EmbeddedTemporal.start(settings.port());
    TemporalConnection connection = null;
    try {
      connection = TemporalConnection.open(server.target(), settings.namespace());
      SharelineActivities activities = Guice.createInjector(new WorkerModule(settings)).getInstance(SharelineActivities.class);
      WorkerRuntime worker = WorkerRuntime.start(connection.client(), activities, settings.tuning());
      return new EmbeddedSession(server, connection, worker, activities);
    } catch (RuntimeException e) {
      if (connection != null) {
        connection.close();
      }
      server.close();
      throw e;
    }
  }

  @Override
  public void close() {
    worker.close();
    connection.close();
    server.close();
  }
}
