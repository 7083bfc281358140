package io.shareline.worker.bench;

import com.google.protobuf.util.Timestamps;
import io.shareline.client.SharelineClient;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ConnectorState;
import io.shareline.connector.ConnectorStatus;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.DeliveryOutcome;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunRef;
import io.shareline.worker.config.Setting;
import io.shareline.worker.config.WorkerOptions;
import io.shareline.worker.config.WorkerSettings;
import io.shareline.worker.process.WorkerProcess;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shareline bench live}: how long a live run takes from the engine's {@code runCompleted} call to
 * VERIFY done, on an idle connector and on one whose long backfill is in progress.
 */
@Command(name = "live", mixinStandardHelpOptions = true, modelTransformer = WorkerOptions.ForBench.class,
    description = {
      "Starts an embedded server and worker, onboards connector 'idle' (one small historical run) and times"
          + " --repeat live runs of --rows rows each, from SharelineClient.runCompleted to the run counted as"
          + " delivered (VERIFY done). Then onboards connector 'busy' over a history of --backfill-runs runs of"
          + " --backfill-rows rows in --backfill-workflows workflows and times the same live runs while that"
          + " backfill is in progress. Prints p50 and p95 of each, with the machine."
    })
public final class LiveBenchCommand implements Callable<Integer> {

  @Option(names = "--rows", defaultValue = "10000", description = "Rows per live run (default ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--repeat", defaultValue = "7", description = "Live runs timed per phase (default ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--backfill-runs", defaultValue = "10000",
      description = "Historical runs of the busy connector (default ${DEFAULT-VALUE}; 0 skips that phase).")
  int backfillRuns;

  @Option(names = "--backfill-workflows", defaultValue = "5", description = "Workflows they belong to (default ${DEFAULT-VALUE}).")
  int backfillWorkflows;

  @Option(names = "--backfill-rows", defaultValue = "20", description = "Rows per historical run (default ${DEFAULT-VALUE}).")
  int backfillRows;

  @Option(names = "--dir", description = "Work folder, kept afterwards (default: a temporary folder, deleted).")
  Path dir;

  @Spec
  CommandSpec spec;

  private WorkflowClient temporal;

  @Override
  public Integer call() throws Exception {
    try (WorkFolder work = WorkFolder.open(dir, "live-")) {
      WorkerOptions options = WorkerOptions.of(spec);
      options.use(Setting.DATA_DIR, work.path().resolve("data").toString());
      WorkerSettings settings = options.oneShotSettings();
      System.out.printf("Shareline live bench: %s, %d-row live runs, work folder %s%n", Machine.describe(), rows,
          work.path());
      try (WorkerProcess process = WorkerProcess.start(settings, true)) {
        temporal = process.connection().client();
        SharelineClient client = new SharelineClient(temporal);
        BenchSource idle = new BenchSource(work.path().resolve("idle-source"));
        idle.writeRun("live", "hist-0", 20, 1);
        report("idle", timeLiveRuns(client, onboard(client, "idle", idle), idle, null));
        if (backfillRuns > 0) {
          BenchSource busy = new BenchSource(work.path().resolve("busy-source"));
          busy.writeRun("live", "hist-0", 20, 1);
          for (int i = 0; i < backfillRuns; i++) {
            busy.writeRun("hist" + (i % backfillWorkflows), String.format("h-%06d", i), backfillRows, i);
          }
          System.out.printf("wrote %d historical runs; onboarding 'busy'%n", backfillRuns);
          ConnectorSpec spec = onboard(client, "busy", busy);
          awaitFirstPage(client, spec.connectorId());
          report("during backfill", timeLiveRuns(client, spec, busy, "busy"));
        }
      }
      return 0;
    }
  }

  /** Onboards the connector and waits until its first live delivery is done (the backfill may still run). */
  private static ConnectorSpec onboard(SharelineClient client, String id, BenchSource source) {
    ConnectorSpec spec = new ConnectorSpec(id, source.root().toAbsolutePath().toString(), "local", null, null, false);
    client.createConnector(spec);
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      ConnectorState state = client.status(id);
      if (state.status() == ConnectorStatus.BACKFILLING || (state.status() == ConnectorStatus.ACTIVE && state.isIdle())) {
        return spec;
      }
      sleep(20);
    }
    throw new IllegalStateException("connector " + id + " did not finish onboarding in 10 minutes");
  }

  /** Live runs are timed once the backfill has delivered its first page, so it is well under way. */
  private static void awaitFirstPage(SharelineClient client, String connectorId) {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      ConnectorState state = client.status(connectorId);
      if (state.backfill() != null && state.backfill().pages() > 0) {
        System.out.printf("backfill under way: %s%n", state.backfill().describe());
        return;
      }
      sleep(200);
    }
    throw new IllegalStateException("the backfill of " + connectorId + " delivered no page in 10 minutes");
  }

  private List<Double> timeLiveRuns(SharelineClient client, ConnectorSpec spec, BenchSource source, String busy) {
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < repeat; i++) {
      RunRef run = source.writeRun("live", String.format("live-%03d", i), rows, 100 + i);
      String delivery = TaskQueues.deliveryWorkflowId(spec.connectorId(), run.workflowId(), run.jobId());
      long start = System.nanoTime();
      client.runCompleted(spec.connectorId(), run);
      awaitDelivered(delivery, run);
      double took = (System.nanoTime() - start) / 1e9;
      ConnectorState state = client.status(spec.connectorId());
      seconds.add(took);
      System.out.printf("  %s: %.2f s%s; %s%n", run.key(), took, busy == null ? ""
          : state.isBackfilling() ? " (backfill " + state.backfill().describe() + ")" : " (backfill had finished)",
          stageTimes(delivery));
    }
    return seconds;
  }

  /** Each stage's wait for a worker slot and its run time, from the delivery's history: where the time went. */
  private String stageTimes(String deliveryWorkflowId) {
    WorkflowExecutionHistory history = temporal.fetchHistory(deliveryWorkflowId);
    Map<Long, HistoryEvent> scheduled = new HashMap<>();
    Map<Long, Long> startedAt = new HashMap<>();
    StringBuilder out = new StringBuilder();
    long first = -1;
    long last = 0;
    for (HistoryEvent event : history.getEvents()) {
      long at = Timestamps.toMillis(event.getEventTime());
      first = first < 0 ? at : first;
      last = at;
      if (event.hasActivityTaskScheduledEventAttributes()) {
        scheduled.put(event.getEventId(), event);
      } else if (event.hasActivityTaskStartedEventAttributes()) {
        startedAt.put(event.getActivityTaskStartedEventAttributes().getScheduledEventId(), at);
      } else if (event.hasActivityTaskCompletedEventAttributes()) {
        long id = event.getActivityTaskCompletedEventAttributes().getScheduledEventId();
        HistoryEvent s = scheduled.get(id);
        long queued = startedAt.getOrDefault(id, at) - Timestamps.toMillis(s.getEventTime());
        out.append(s.getActivityTaskScheduledEventAttributes().getActivityType().getName())
            .append(' ').append(queued).append('+').append(at - startedAt.getOrDefault(id, at)).append("ms ");
      }
    }
    return out.append("(workflow ").append(last - first).append(" ms)").toString();
  }

  /**
   * Waits for the run's delivery workflow to complete (VERIFY done): a long poll on its result once the
   * connector has started it, so the wait adds no load on the connector.
   */
  private void awaitDelivered(String deliveryWorkflowId, RunRef run) {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        DeliveryOutcome outcome = temporal.newUntypedWorkflowStub(deliveryWorkflowId)
            .getResult(5, TimeUnit.MINUTES, DeliveryOutcome.class);
        if (outcome.status() != DeliveryState.Status.DELIVERED) {
          throw new IllegalStateException(run.key() + " ended " + outcome.status());
        }
        return;
      } catch (WorkflowNotFoundException notStartedYet) {
        sleep(10);
      } catch (TimeoutException e) {
        break;
      }
    }
    throw new IllegalStateException(run.key() + " was not delivered within 5 minutes");
  }

  private static void report(String phase, List<Double> seconds) {
    List<Double> sorted = new ArrayList<>(seconds);
    Collections.sort(sorted);
    System.out.printf("P3 %s: p50 %.2f s, p95 %.2f s, max %.2f s over %d live runs%n", phase,
        percentile(sorted, 50), percentile(sorted, 95), sorted.get(sorted.size() - 1), sorted.size());
  }

  /** Nearest-rank percentile of sorted values. */
  static double percentile(List<Double> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
