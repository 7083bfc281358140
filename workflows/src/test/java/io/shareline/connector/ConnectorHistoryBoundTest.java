package io.shareline.connector;

import static io.shareline.connector.ConnectorFixtures.activeState;
import static io.shareline.connector.ConnectorFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.connector.spec.ConnectorSpec;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connector delivering runs past the point where the server suggests continue-as-new (4,096 events on
 * the test server, as on a real one) continues as new, so each run's history stays far under Temporal's
 * limits (51,200 events, 50 MB) and the state it carries under the bound. Real connector and delivery
 * workflows, mocked activities; {@link ConnectorStateBoundTest} takes the state itself to 100,000 runs.
 */
@Timeout(240)
class ConnectorHistoryBoundTest {
  private static final int RUNS = 400;
  /** Runs signalled at once: the queue is work to do, carried whole; the record of work done is what stays bounded. */
  private static final int WAVE = 40;
  private static final int EVENT_LIMIT = 51_200;
  private static final long SIZE_LIMIT = 50L << 20;

  @Test
  void deliveringPastTheSuggestedHistoryContinuesAsNewWithEveryHistoryAndCarriedStateWithinTheLimits() {
    try (ConnectorHarness harness = new ConnectorHarness()) {
      ConnectorSpec spec = spec().build();
      ConnectorWorkflow connector = harness.start(new ConnectorInput(spec, activeState(spec)));
      for (int i = 0; i < RUNS; i++) {
        connector.runCompleted(ConnectorStateBoundTest.run(i));
        if (i % WAVE == WAVE - 1) {
          harness.await(connector::state, "the queue drained", s -> s.pending().size() < WAVE / 2, Duration.ofMinutes(1));
        }
      }
      ConnectorState state = harness.await(connector::state, RUNS + " runs delivered",
          s -> s.isIdle() && s.runsDelivered() == RUNS, Duration.ofMinutes(3));

      List<WorkflowExecutionHistory> runs = connectorRuns(harness);
      int mostEvents = 0;
      int largestCarried = 0;
      for (WorkflowExecutionHistory history : runs) {
        List<HistoryEvent> events = history.getEvents();
        mostEvents = Math.max(mostEvents, events.size());
        assertTrue(events.size() < EVENT_LIMIT && history.getHistory().getSerializedSize() < SIZE_LIMIT);
        HistoryEvent last = events.get(events.size() - 1);
        if (last.hasWorkflowExecutionContinuedAsNewEventAttributes()) {
          largestCarried = Math.max(largestCarried, last.getWorkflowExecutionContinuedAsNewEventAttributes()
              .getInput().getPayloadsList().stream().mapToInt(p -> p.getData().size()).sum());
        }
      }
      System.out.printf("%,d runs delivered in %d connector runs: at most %,d events per run, carried state at most"
          + " %,d bytes%n", RUNS, runs.size(), mostEvents, largestCarried);

      assertEquals(runs.size() - 1, state.continuedAsNew());
      assertTrue(state.continuedAsNew() >= 1, "the server suggested continue-as-new");
      assertTrue(largestCarried < ConnectorStateBoundTest.BOUND, "carried " + largestCarried + " bytes");
    }
  }

  /** The connector's runs, newest first, following each run's start back to the run it continued. */
  private static List<WorkflowExecutionHistory> connectorRuns(ConnectorHarness harness) {
    List<WorkflowExecutionHistory> runs = new ArrayList<>();
    WorkflowExecutionHistory history = harness.client.fetchHistory(ConnectorHarness.connectorWorkflowId());
    while (true) {
      runs.add(history);
      String previous = history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes()
          .getContinuedExecutionRunId();
      if (previous.isEmpty()) {
        return runs;
      }
      history = harness.client.fetchHistory(ConnectorHarness.connectorWorkflowId(), previous);
    }
  }
}
