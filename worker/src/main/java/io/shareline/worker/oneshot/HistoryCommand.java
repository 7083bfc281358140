package io.shareline.worker.oneshot;

import io.shareline.ledger.Ledger;
import io.shareline.worker.config.WorkerOptions;
import io.shareline.worker.config.WorkerSettings;
import io.shareline.worker.config.WorkerWiring;
import io.shareline.activities.SharelineActivities;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code shareline history}: every stage attempt of a connector's deliveries, from the delivery ledger. */
@Command(name = "history", mixinStandardHelpOptions = true, modelTransformer = WorkerOptions.ForReader.class,
    description = {
      "Prints the delivery ledger of a connector: every stage attempt with its start, duration, outcome and"
          + " failure type, read from the worker's data folder (the ledger lives outside customer tables).",
      "Narrow it with --workflow, --job, --stage and --outcome (a read of one workflow or job skips the"
          + " ledger files of the others)."
    })
public final class HistoryCommand implements Callable<Integer> {

  @Option(names = "--connector", required = true, paramLabel = "ID", description = "Connector id.")
  String connector;

  @Option(names = "--workflow", paramLabel = "W", description = "Only runs of this source workflow.")
  String workflow;

  @Option(names = "--job", paramLabel = "J", description = "Only this job (needs --workflow when job ids repeat across workflows).")
  String job;

  @Option(names = "--stage", paramLabel = "STAGE", description = "Only attempts of this stage (STAGE, SCHEMA, LOAD, PUBLISH, SHARE, VERIFY).")
  String stage;

  @Option(names = "--outcome", paramLabel = "OUTCOME", description = "Only attempts with this outcome (RUNNING, SUCCEEDED, FAILED).")
  String outcome;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    WorkerSettings settings = WorkerOptions.of(spec).settings();
    Configuration conf = WorkerWiring.hadoopConfiguration(settings);
    Ledger ledger = new Ledger(SharelineActivities.create(settings.dataDir(), conf).lakehouse());
    List<Ledger.Attempt> attempts = ledger.find(new Ledger.Query(connector, workflow, job, upper(stage), upper(outcome)));
    if (attempts.isEmpty()) {
      System.out.println("no recorded stage attempt for connector " + connector + " in " + settings.dataDir());
      return 1;
    }
    System.out.printf("%-24s %-36s %-8s %3s %-24s %8s  %-10s %s%n",
        "workflow", "job", "stage", "try", "started", "took", "outcome", "failure or note");
    for (Ledger.Attempt a : attempts) {
      String took = a.endedAt() == null ? "-" : Duration.between(a.startedAt(), a.endedAt()).toMillis() + " ms";
      String failure = a.failureType() == null ? (a.message() == null ? "" : a.message())
          : a.failureType() + ": " + a.message();
      System.out.printf("%-24s %-36s %-8s %3d %-24s %8s  %-10s %s%n", a.workflowId(), a.jobId(), a.stage(),
          a.attempt(), a.startedAt(), took, a.outcome(), failure);
    }
    return 0;
  }

  private static String upper(String value) {
    return value == null ? null : value.toUpperCase(java.util.Locale.ROOT);
  }
}
