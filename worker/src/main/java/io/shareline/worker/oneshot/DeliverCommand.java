package io.shareline.worker.oneshot;

import io.shareline.client.FailedRuns;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.worker.config.WorkerOptions;
import io.shareline.worker.config.WorkerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shareline deliver}: onboard a connector over a source and deliver every run, in one process. */
@Command(name = "deliver", mixinStandardHelpOptions = true, modelTransformer = WorkerOptions.ForOneShot.class,
    description = {
      "Delivers every run of a source in one process: starts an embedded Temporal server and a worker,"
          + " onboards the connector (provision, empty-share check, newest run first, then the backfill)"
          + " and waits until it is ACTIVE with nothing left to deliver.",
      "Safe to repeat over the same --data-dir: runs already published are detected and nothing is delivered twice.",
      "Delivers everything it can: a failed run stops only the later runs of its own workflow.",
      "Exit codes: 0 all delivered; 3 some runs failed (one line each: workflow, job, stage, failure type,"
          + " next step; everything else delivered); 1 bad input or set-up."
    })
public final class DeliverCommand implements Callable<Integer> {

  @Option(names = "--source", required = true, paramLabel = "DIR",
      description = "Source root: workflows/<id>/workflow.json and workflows/<id>/runs/<job>/{run.json,rows.jsonl[.gz]}.")
  String source;

  @Option(names = "--connector", required = true, paramLabel = "ID", description = "Connector id (letters, digits, - and _).")
  String connector;

  @Option(names = "--recipient", paramLabel = "NAME", description = "Recipient name (default <connector>-recipient).")
  String recipient;

  @Option(names = "--workflow", paramLabel = "W", description = "Source workflow in scope; repeat for several (default all).")
  List<String> workflows;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800",
      description = "Give up waiting after this many seconds (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    requireConnectorId(connector);
    Path sourcePath = Path.of(source);
    if (!source.contains("://") && !Files.isDirectory(sourcePath.resolve("workflows"))) {
      throw new IllegalArgumentException("--source " + source + " has no workflows/ folder");
    }
    WorkerSettings settings = WorkerOptions.of(spec).oneShotSettings();
    ConnectorSpec spec = new ConnectorSpec(connector, source.contains("://") ? source : sourcePath.toAbsolutePath().toString(),
        "local", recipient, workflows, true);
    try (EmbeddedSession session = EmbeddedSession.start(settings)) {
      System.out.println("Delivering " + spec.sourceUri() + " as connector " + connector + " into " + settings.dataDir());
      session.client.createConnector(spec);
      DeliveryWatch.Outcome outcome = DeliveryWatch.awaitIdle(session, connector,
          Duration.ofSeconds(timeoutSeconds), System.out);
      System.out.printf("Delivered %d runs, %d new rows (runs already published add none)%n",
          outcome.state().runsDelivered(), outcome.state().rowsDelivered());
      int published = PublishedReport.print(System.out, session.activities.lakehouse(), spec);
      if (!outcome.ok()) {
        outcome.failed().forEach(f -> System.out.println("FAILED: " + f.describe()));
        long waiting = outcome.failed().stream().mapToLong(FailedRuns.FailedRun::waitingBehind).sum();
        System.out.printf("%d runs failed, %d more wait behind them; every other run was delivered%n",
            outcome.failed().size(), waiting);
        return 3;
      }
      return published == 0 ? 0 : 1;
    }
  }

  static void requireConnectorId(String id) {
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,62}")) {
      throw new IllegalArgumentException("connector id '" + id + "' must be 1-63 letters, digits, - or _");
    }
  }
}
