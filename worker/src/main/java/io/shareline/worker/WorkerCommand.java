package io.shareline.worker;

import io.shareline.worker.config.WorkerOptions;
import io.shareline.worker.config.WorkerSettings;
import io.shareline.worker.process.WorkerProcess;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shareline worker}: polls Temporal and runs deliveries; with --embedded it also runs the server. */
@Command(name = "worker", mixinStandardHelpOptions = true, modelTransformer = WorkerOptions.ForWorker.class,
    description = {
      "Runs a Shareline worker: the connector and delivery workflows and their activities.",
      "Without --embedded it connects to the Temporal server at --address (or TEMPORAL_ADDRESS), with TLS, mTLS or"
          + " an API key when given; with --embedded it first starts an in-process Temporal server on"
          + " 127.0.0.1:--port in the same JVM.",
      "Runs until Ctrl-C or SIGTERM, then stops polling and lets running activities finish for up to --shutdown-grace."
    })
public final class WorkerCommand implements Callable<Integer> {

  @Option(names = "--embedded", description = "Start an in-process Temporal server on 127.0.0.1 in this JVM.")
  boolean embedded;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    WorkerSettings settings = WorkerOptions.of(spec).settings();
    WorkerProcess process = WorkerProcess.start(settings, embedded);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      process.close();
      stopped.countDown();
    }, "shareline-worker-shutdown"));
    String target = process.server() != null ? process.server().target() + " (embedded)"
        : settings.temporal().describe();
    System.out.println("Shareline worker connected to " + target + ", data folder " + settings.dataDir()
        + process.metricsServer().map(m -> ", metrics on port " + m.port()).orElse("")
        + process.codecServer().map(c -> ", codec endpoint on port " + c.port()).orElse(""));
    System.out.flush();
    stopped.await();
    return 0;
  }
}
