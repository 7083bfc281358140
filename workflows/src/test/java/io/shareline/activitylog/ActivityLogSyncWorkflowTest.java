package io.shareline.activitylog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.common.SearchAttributes;
import io.shareline.common.TaskQueues;
import io.shareline.connector.spec.ConnectorSpec;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ActivityLogSyncWorkflowTest {
  private static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final String FILE = FakeActivityLog.FILE;

  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  private final WorkflowClient client = env.getWorkflowClient();
  private final FakeActivityLog source = new FakeActivityLog(25);

  ActivityLogSyncWorkflowTest() {
    SearchAttributes.ALL.forEach(key ->
        env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    Worker worker = env.newWorker(TaskQueues.DELIVERY);
    worker.registerWorkflowImplementationTypes(ActivityLogSyncWorkflowImpl.class, StartingConnectorImpl.class);
    worker.registerActivitiesImplementations(source);
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void exportsBatchAfterBatchUntilCaughtUpThenWaits() {
    ActivityLogSyncWorkflow sync = start(spec(true), true, 2_000);

    ActivityLogState state = awaitState(sync, "caught up", s -> s.status == ActivityLogStatus.WAITING);
    env.sleep(INTERVAL.minusMinutes(1));

    assertEquals(List.of(ActivityCursor.start(), new ActivityCursor(FILE, 10), new ActivityCursor(FILE, 20)),
        source.exportsFrom());
    assertEquals(25, state.exported);
    assertEquals(new ActivityCursor(FILE, 25), state.cursor);
  }

  @Test
  void theEndOfTheIntervalStartsTheNextExport() {
    ActivityLogSyncWorkflow sync = start(spec(true), true, 2_000);
    awaitState(sync, "caught up", s -> s.exported == 25 && s.status == ActivityLogStatus.WAITING);

    source.append(3);
    env.sleep(INTERVAL.plusSeconds(1));

    assertEquals(28, awaitState(sync, "28 exported", s -> s.exported == 28).exported);
  }

  @Test
  void aPokeExportsWithoutWaitingForTheInterval() {
    ActivityLogSyncWorkflow sync = start(spec(true), true, 2_000);
    awaitState(sync, "caught up", s -> s.exported == 25 && s.status == ActivityLogStatus.WAITING);

    source.append(4);
    sync.poke();

    ActivityLogState state = awaitState(sync, "29 exported", s -> s.exported == 29);
    assertEquals(new ActivityCursor(FILE, 29), state.cursor);
  }

  @Test
  void disablePausesTheExportAndEnableResumesFromTheKeptCursor() {
    ActivityLogSyncWorkflow sync = start(spec(true), true, 2_000);
    awaitState(sync, "caught up", s -> s.exported == 25 && s.status == ActivityLogStatus.WAITING);

    sync.disable("customer asked to stop activity sharing");
    source.append(6);
    env.sleep(INTERVAL.multipliedBy(3));
    ActivityLogState paused = awaitState(sync, "disabled", s -> s.status == ActivityLogStatus.DISABLED);
    int exportsWhilePaused = source.exportsFrom().size();
    sync.enable();
    ActivityLogState resumed = awaitState(sync, "31 exported", s -> s.exported == 31);

    assertEquals(25, paused.exported);
    assertEquals("customer asked to stop activity sharing", paused.disabledReason);
    assertEquals(new ActivityCursor(FILE, 25), source.exportsFrom().get(exportsWhilePaused));
    assertNull(resumed.disabledReason);
  }

  @Test
  void aConnectorWithoutActivitySharingStartsDisabled() {
    ActivityLogSyncWorkflow sync = start(spec(false), true, 2_000);

    ActivityLogState state = awaitState(sync, "disabled", s -> s.status == ActivityLogStatus.DISABLED);
    env.sleep(INTERVAL.multipliedBy(2));

    assertTrue(source.exportsFrom().isEmpty());
    assertNull(state.cursor);
  }

  @Test
  void withoutBackfillTheExportStartsAtTheEndOfTheNewestFile() {
    ActivityLogSyncWorkflow sync = start(spec(true), false, 2_000);
    awaitState(sync, "caught up", s -> s.status == ActivityLogStatus.WAITING);

    source.append(2);
    sync.poke();
    ActivityLogState state = awaitState(sync, "2 exported", s -> s.exported == 2);

    assertEquals(1, source.endLookups());
    assertEquals(new ActivityCursor(FILE, 25), source.exportsFrom().get(0));
    assertEquals(new ActivityCursor(FILE, 27), state.cursor);
  }

  @Test
  void continueAsNewCarriesTheCursorAndTheCounts() {
    source.append(30);
    ActivityLogSyncWorkflow sync = start(spec(true), true, 2);
    String firstRun = client.newUntypedWorkflowStub(workflowId()).describe().getExecution().getRunId();

    ActivityLogState state = awaitState(sync, "55 exported", s -> s.exported == 55 && s.status == ActivityLogStatus.WAITING);

    List<ActivityCursor> from = source.exportsFrom();
    assertEquals(6, from.size());
    for (int i = 1; i < from.size(); i++) {
      assertEquals(new ActivityCursor(FILE, 10L * i), from.get(i), "batch " + i + " starts where the one before ended");
    }
    assertEquals(6, state.batches);
    assertNotEquals(firstRun, client.newUntypedWorkflowStub(workflowId()).describe().getExecution().getRunId());
  }

  @Test
  void aFailedExportIsShownAndTriedAgainAtTheNextInterval() {
    source.failNextExport();
    ActivityLogSyncWorkflow sync = start(spec(true), true, 2_000);

    ActivityLogState failed = awaitState(sync, "a failure", s -> s.lastFailure != null);
    assertTrue(failed.lastFailure.startsWith("CONFIG_INVALID"), failed.lastFailure);
    env.sleep(INTERVAL.plusSeconds(1));

    ActivityLogState recovered = awaitState(sync, "25 exported", s -> s.exported == 25);
    assertNull(recovered.lastFailure);
  }

  @Test
  void theConnectorStartsTheSyncAsAChildThatOutlivesIt() {
    StartingConnector connector = client.newWorkflowStub(StartingConnector.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.DELIVERY).setWorkflowId("connector/c1").build());

    connector.run(spec(true));

    ActivityLogSyncWorkflow sync = client.newWorkflowStub(ActivityLogSyncWorkflow.class, workflowId());
    assertEquals(25, awaitState(sync, "25 exported", s -> s.exported == 25).exported);
    assertEquals("Activity log export for connector c1",
        client.newUntypedWorkflowStub(workflowId()).describe().getStaticSummary());
  }

  /** What the connector does: start the child with the documented options, wait until it runs, go on. */
  @WorkflowInterface
  public interface StartingConnector {
    @WorkflowMethod
    void run(ConnectorSpec spec);
  }

  public static class StartingConnectorImpl implements StartingConnector {
    @Override
    public void run(ConnectorSpec spec) {
      ActivityLogSyncWorkflow sync = Workflow.newChildWorkflowStub(ActivityLogSyncWorkflow.class,
          ActivityLogOptions.childOptions(spec.connectorId()));
      io.temporal.workflow.Async.procedure(sync::run, ActivityLogInput.of(spec, true));
      Workflow.getWorkflowExecution(sync).get();
    }
  }

  private ActivityLogSyncWorkflow start(ConnectorSpec spec, boolean backfill, int batchesPerRun) {
    ActivityLogSyncWorkflow sync = client.newWorkflowStub(ActivityLogSyncWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.DELIVERY)
        .setWorkflowId(workflowId())
        .build());
    ActivityLogSettings settings = new ActivityLogSettings(INTERVAL, 10, batchesPerRun);
    WorkflowClient.start(sync::run, new ActivityLogInput(spec, backfill, settings, null));
    return sync;
  }

  private static String workflowId() {
    return ActivityLogSyncWorkflow.workflowId("c1");
  }

  private static ConnectorSpec spec(boolean activityLog) {
    return new ConnectorSpec("c1", "/source", "local", "c1-recipient", List.of(), activityLog);
  }

  private static ActivityLogState awaitState(ActivityLogSyncWorkflow sync, String what, Predicate<ActivityLogState> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    ActivityLogState last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = sync.state();
        if (condition.test(last)) {
          return last;
        }
      } catch (RuntimeException notStartedYet) {
        // the workflow may not have run its first task yet
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("never reached " + what + "; last seen status " + (last == null ? null : last.status));
  }
}
