package io.shareline.client.cli;

import io.shareline.delivery.RunRef;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shareline run-completed}: what the engine does when a run finishes, by hand. */
@Command(
    name = "run-completed",
    mixinStandardHelpOptions = true,
    description = "Tells a running connector that a source run finished, so it delivers the run.")
public final class RunCompletedCommand implements Callable<Integer> {

  @Mixin TemporalOptions temporal;

  @Option(names = "--connector", required = true, paramLabel = "ID", description = "Connector to deliver to.")
  String connectorId;

  @Option(names = "--workflow", required = true, paramLabel = "W", description = "Source workflow id of the run.")
  String workflowId;

  @Option(names = "--job", required = true, paramLabel = "J", description = "Job id of the finished run.")
  String jobId;

  @Override
  public Integer call() {
    RunRef run = new RunRef(workflowId, jobId);
    return temporal.run(
        (client, out) -> {
          client.runCompleted(connectorId, run);
          out.println("queued " + run.key() + " for connector " + connectorId);
        });
  }
}
