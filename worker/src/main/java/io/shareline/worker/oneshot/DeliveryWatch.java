package io.shareline.worker.oneshot;

import io.shareline.client.SharelineClient;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.ConnectorStatus;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunRef;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Follows a connector until it is ACTIVE with nothing left to deliver, or a delivery parks in FAILED. */
final class DeliveryWatch {

  /** How the wait ended. */
  record Outcome(ConnectorState state, DeliveryState failed) {
    boolean ok() {
      return failed == null;
    }
  }

  private DeliveryWatch() {}

  static Outcome awaitIdle(SharelineClient client, String connectorId, Duration timeout, PrintStream out)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      ConnectorState state = client.status(connectorId);
      String line = describe(state);
      if (!line.equals(last)) {
        out.println("  " + line);
        last = line;
      }
      for (String failed : state.failed.keySet()) {
        String[] key = failed.split("/", 2);
        Optional<DeliveryState> delivery = client.deliveryStatus(connectorId, new RunRef(key[0], key[1]));
        if (delivery.isPresent() && delivery.get().status() == DeliveryState.Status.FAILED) {
          return new Outcome(state, delivery.get());
        }
      }
      if (state.status == ConnectorStatus.ACTIVE && state.isIdle()) {
        return new Outcome(state, null);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("connector " + connectorId + " did not finish within " + timeout.toSeconds() + " s");
  }

  private static String describe(ConnectorState s) {
    String progress = s.status == ConnectorStatus.BACKFILLING && s.backfill != null
        ? " (" + s.backfill.describe() + ")" : "";
    return s.status + progress + ", " + s.runsDelivered + " runs delivered"
        + (s.inFlight.isEmpty() ? "" : ", delivering " + s.inFlight.values().stream().map(RunRef::key).toList());
  }
}
