package io.shareline.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.client.ConnectorSummary;
import io.shareline.client.SharelineClient;
import io.shareline.connector.ConnectorState;
import io.shareline.delivery.DeliveryState;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
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

  /** The JSON shape: the connector's {@code state} query, and its current delivery's if any. */
  record StatusView(ConnectorState connector, DeliveryState currentDelivery) {}

  @Override
  public Integer call() {
    return temporal.run(connectorId == null ? this::list : this::show);
  }

  private void show(SharelineClient client, PrintWriter out) {
    ConnectorState state = client.status(connectorId);
    Optional<DeliveryState> current =
        Optional.ofNullable(state.current).flatMap(run -> client.deliveryStatus(connectorId, run));
    if (json) {
      out.println(toJson(new StatusView(state, current.orElse(null))));
      return;
    }
    out.println("connector " + connectorId + ": " + state.status);
    out.println("  current:    " + (state.current == null ? "none" : state.current.key() + current.map(StatusCommand::describe).orElse("")));
    out.println("  pending:    " + state.pending.size());
    out.println(
        "  backfill:   " + (state.backfillTotal - state.backfill.size()) + "/" + state.backfillTotal + " done");
    out.println("  delivered:  " + state.runsDelivered + " runs, " + state.rowsDelivered + " rows");
    out.println("  skipped:    " + state.skipped.size() + (state.skipped.isEmpty() ? "" : " " + state.skipped));
    out.println("  last failure: " + (state.lastFailure == null ? "none" : state.lastFailure));
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

  private static String toJson(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
