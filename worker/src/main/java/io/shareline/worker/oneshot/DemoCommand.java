package io.shareline.worker.oneshot;

import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.RunRef;
import io.shareline.source.SampleRun;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.source.SampleSummary;
import io.shareline.worker.config.Setting;
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

/** {@code shareline demo}: the whole product on shipped sample data, in one process. */
@Command(name = "demo", mixinStandardHelpOptions = true, modelTransformer = WorkerOptions.ForOneShot.class,
    description = {
      "Generates a sample source (3 scrapers, 4 runs each, private fields, a schema change), runs an embedded"
          + " Temporal server and worker, onboards a connector over it, waits until ACTIVE, delivers one more"
          + " live run and prints every published table: schema version, Delta version, rows and path.",
      "The connector's token recipient then activates its link from the outbox: the demo writes the profile file,"
          + " reads a table through the embedded Delta Sharing server and prints commands that read it again."
    })
public final class DemoCommand implements Callable<Integer> {

  @Option(names = "--source", paramLabel = "DIR",
      description = "Folder to generate the sample source into (default: a new temporary folder).")
  Path source;

  @Option(names = "--connector", paramLabel = "ID", defaultValue = "demo", description = "Connector id (default ${DEFAULT-VALUE}).")
  String connector;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    DeliverCommand.requireConnectorId(connector);
    Path root = source != null ? source : Files.createTempDirectory("shareline-demo-source-");
    WorkerOptions options = WorkerOptions.of(spec);
    if (!options.given(Setting.DATA_DIR)) { // else keep the user's folder
      options.use(Setting.DATA_DIR, Files.createTempDirectory("shareline-demo-data-").toString());
    }
    WorkerSettings settings = options.oneShotSettings();
    SampleSummary sample = SampleSourceGenerator.generate(root, SampleSpec.demo());
    System.out.printf("Sample source: %s (%d workflows, %d runs, %d rows)%n", root, sample.workflows().size(),
        sample.workflows().stream().mapToInt(w -> w.runs().size()).sum(), sample.totalRows());
    ConnectorSpec spec = new ConnectorSpec(connector, root.toAbsolutePath().toString(), "local", null, List.of(), true,
        null, null, ConnectorSpec.TOKEN_RECIPIENT);
    try (EmbeddedSession session = EmbeddedSession.start(settings)) {
      System.out.println("Embedded Temporal on " + session.server.target() + ", data folder " + settings.dataDir());
      System.out.println("Onboarding connector " + connector + ":");
      session.client.createConnector(spec);
      DeliveryWatch.Outcome onboarded = DeliveryWatch.awaitIdle(session, connector, Duration.ofMinutes(10), System.out);
      if (!onboarded.ok()) {
        return failed(onboarded);
      }
      String workflowId = sample.workflows().get(0).id();
      SampleRun live = SampleSourceGenerator.appendRun(root, workflowId, 4242L, 60);
      System.out.println("Live run " + workflowId + "/" + live.jobId() + " finished (" + live.rowCount() + " rows):");
      session.client.runCompleted(connector, new RunRef(workflowId, live.jobId()));
      DeliveryWatch.Outcome done = DeliveryWatch.awaitIdle(session, connector, Duration.ofMinutes(5), System.out);
      if (!done.ok()) {
        return failed(done);
      }
      System.out.printf("Connector %s is %s: %d runs delivered, %d rows%n", connector, done.state().status(),
          done.state().runsDelivered(), done.state().rowsDelivered());
      int published = PublishedReport.print(System.out, session.activities.lakehouse(), spec);
      Path outbox = Path.of(settings.sharing().outboxOr(settings.dataDir(), true));
      Path profile = RecipientProfile.activate(outbox, connector, Path.of(settings.dataDir(), connector + ".share"));
      RecipientProfile.show(profile, settings.dataDir(), System.out);
      return published == 0 ? 0 : 1;
    }
  }

  private static int failed(DeliveryWatch.Outcome outcome) {
    outcome.failed().forEach(f -> System.out.println("FAILED: " + f.describe()));
    return 3;
  }
}
