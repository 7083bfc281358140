package io.shareline.worker;

import com.google.inject.Guice;
import io.shareline.activities.SharelineActivities;
import io.shareline.client.TemporalConnection;
import io.shareline.client.TemporalTarget;
import io.shareline.worker.config.WorkerModule;
import io.shareline.worker.config.WorkerOptions;
import io.shareline.worker.config.WorkerSettings;
import io.shareline.worker.runtime.EmbeddedTemporal;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shareline worker}: polls Temporal and runs deliveries; with --embedded it also runs the server. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {
      "Runs a Shareline worker: the connector and delivery workflows and their activities.",
      "Without --embedded it connects to the Temporal server at --address (or TEMPORAL_ADDRESS);"
          + " with --embedded it first starts an in-process Temporal server on 127.0.0.1:--port in the same JVM.",
      "Runs until Ctrl-C or SIGTERM, then stops polling and lets running activities finish."
    })
public final class WorkerCommand implements Callable<Integer> {

  @Option(names = "--embedded", description = "Start an in-process Temporal server on 127.0.0.1 in this JVM.")
  boolean embedded;

  @Mixin
  WorkerOptions options;

  @Override
  public Integer call() throws InterruptedException {
    WorkerSettings settings = options.settings();
    EmbeddedTemporal server = embedded ? EmbeddedTemporal.start(settings.port()) : null;
    TemporalTarget target = server != null ? TemporalTarget.plain(server.target(), settings.namespace())
        : settings.temporal();
    TemporalConnection connection = TemporalConnection.open(target, null);
    SharelineActivities activities = Guice.createInjector(new WorkerModule(settings)).getInstance(SharelineActivities.class);
    WorkerRuntime worker = WorkerRuntime.start(connection.client(), activities, settings.tuning());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.close();
      connection.close();
      if (server != null) {
        server.close();
      }
      stopped.countDown();
    }, "shareline-worker-shutdown"));
    System.out.println("Shareline worker connected to " + target.describe() + ", data folder " + settings.dataDir());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
