package io.shareline.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.client.ConnectorSummary;
import io.shareline.client.FailedRuns;
import io.shareline.client.SharelineClient;
import io.shareline.backfill.BackfillProgress;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.FinishedRuns;
import io.shareline.connector.ConnectorStatus;
import io.shareline.delivery.DeliveryState;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shareline status}: where a connector stands, for people or (with --json) for scripts. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows a connector's status, the run in delivery and its stage, queues, counts and last failure.",
      "Without --connector, lists running connectors; the embedded server cannot list, so name one there."
    })
public final class StatusCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin TemporalOptions temporal;

  @Option(names = "--connector", paramLabel = "ID", description = "Connector to show. Default: list them all.")
  String connectorId;

  @Option(names = "--json", description = "Print the connector's state and its current delivery as JSON.")
  boolean json;

  /**
   * The JSON shape: the connector's {@code state} query, and the state of each delivery in flight, live and
   * backfill (a batch shows as the run it is on).
   */
  record StatusView(ConnectorState connector, List<DeliveryState> deliveries) {}

  @Override
  public Integer call() {
    return temporal.run(connectorId == null ? this::list : this::show);
  }

  private void show(SharelineClient client, PrintWriter out) {
    ConnectorState state = client.status(connectorId);
    Stream<DeliveryState> live = state.inFlight().values().stream()
        .flatMap(run -> client.deliveryStatus(connectorId, run).stream());
    List<DeliveryState> backfill = state.isBackfilling() ? client.backfillDeliveries(connectorId) : List.of();
    List<DeliveryState> deliveries = Stream.concat(live, backfill.stream()).toList();
    if (json) {
      out.println(toJson(new StatusView(state, deliveries)));
      return;
    }
    out.println("connector " + connectorId + ": " + state.status());
    out.println("  in flight:  " + (deliveries.isEmpty() ? "none" : deliveries.stream()
        .map(d -> d.run().key() + describe(d)).collect(Collectors.joining("; "))));
    out.println("  pending:    " + state.pending().size());
    out.println("  backfill:   " + (state.backfill() == null ? "none" : progressBar(state.backfill())));
    out.println("  delivered:  " + state.runsDelivered() + " runs, " + state.rowsDelivered() + " rows");
    List<String> skipped = state.finished().recent(FinishedRuns.Outcome.SKIPPED);
    out.println("  skipped:    " + state.runsSkipped() + (skipped.isEmpty() ? "" : " (recent: " + skipped + ")"));
    List<FailedRuns.FailedRun> failed = FailedRuns.of(state);
    out.println("  failed:     " + (failed.isEmpty() ? "none" : failed.size() + " runs wait for retry or skip"
        + (state.status() == ConnectorStatus.ACTIVE && state.backfill() != null && state.backfill().finished()
            ? " (backfill finished but for them)" : "")));
    failed.forEach(f -> out.println("    " + f.describe()));
    out.println("  last failure: " + (state.lastFailure() == null ? "none" : state.lastFailure()));
    if (state.provisioned() != null && state.provisioned().proof() != null) {
      out.println("  verify proof: " + state.provisioned().proof());
    }
  }

  private void list(SharelineClient client, PrintWriter out) {
    List<ConnectorSummary> connectors;
    try {
      connectors = client.runningConnectors();
    } catch (UnsupportedOperationException e) {
      throw new IllegalStateException(e.getMessage() + "; pass --connector ID");
    }
    if (json) {
      out.println(toJson(connectors));
      return;
    }
    for (ConnectorSummary connector : connectors) {
      out.println(connector.connectorId() + "  " + connector.status());
    }
  }

  private static String describe(DeliveryState delivery) {
    if (delivery.failure() != null) {
      DeliveryState.StageFailure failure = delivery.failure();
      return ", FAILED(" + failure.stage() + ", " + failure.type() + ", " + failure.message()
          + "); retry or skip it";
    }
    return ", " + delivery.stage() + " " + delivery.status();
  }

  /** e.g. {@code [#######.............] 35% 40/120 runs, 4000 rows, ETA 12 min}. */
  static String progressBar(BackfillProgress progress) {
    int width = 20;
    int percent = progress.total() == 0 ? 100 : (int) (100L * progress.done() / progress.total());
    int filled = Math.min(width, percent * width / 100);
    return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + percent + "% " + progress.describe();
  }

  private static String toJson(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
