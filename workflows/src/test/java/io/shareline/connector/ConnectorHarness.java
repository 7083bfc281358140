package io.shareline.connector;

import static io.shareline.delivery.DeliveryFixtures.staged;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.shareline.activitylog.ActivityCursor;
import io.shareline.activitylog.ActivityExport;
import io.shareline.activitylog.ActivityLogActivities;
import io.shareline.activitylog.ActivityLogSyncWorkflowImpl;
import io.shareline.backfill.BackfillActivities;
import io.shareline.backfill.BackfillWorkflowImpl;
import io.shareline.common.Failures;
import io.shareline.common.TaskQueues;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.BatchDeliveryWorkflowImpl;
import io.shareline.delivery.DeliveryActivities;
import io.shareline.delivery.DeliveryFixtures;
import io.shareline.delivery.DeliveryRequest;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunDeliveryWorkflow;
import io.shareline.delivery.RunDeliveryWorkflowImpl;
import io.shareline.delivery.RunRef;
import io.shareline.delivery.RunByRun;
import io.shareline.delivery.StageResults;
import io.shareline.delivery.StagedBatch;
import io.shareline.delivery.StagedRun;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.TemporalFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.function.Executable;
import org.mockito.ArgumentCaptor;
import org.mockito.ArgumentMatcher;
import org.mockito.stubbing.Answer;

/**
 * A test server with the real connector and delivery workflows and mocked activities that succeed
 * for any run unless a test re-stubs them.
 */
final class ConnectorHarness implements AutoCloseable {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final WorkflowClient client = env.getWorkflowClient();
  final DeliveryActivities delivery = mock(DeliveryActivities.class, withSettings().withoutAnnotations());
  final OnboardingActivities onboarding = mock(OnboardingActivities.class, withSettings().withoutAnnotations());
  final BackfillActivities backfill = mock(BackfillActivities.class, withSettings().withoutAnnotations());
  /** The activity-log sync child runs too; with no activity source it is always caught up. */
  final ActivityLogActivities activityLog = mock(ActivityLogActivities.class, withSettings().withoutAnnotations());
  final ConcurrencyTracker tracker = new ConcurrencyTracker();
  final SourceHistory source = new SourceHistory();

  ConnectorHarness() {
    DeliveryFixtures.registerSearchAttributes(env);
    Worker worker = env.newWorker(TaskQueues.DELIVERY);
    worker.registerWorkflowImplementationTypes(
        ConnectorWorkflowImpl.class, BackfillWorkflowImpl.class, RunDeliveryWorkflowImpl.class,
        BatchDeliveryWorkflowImpl.class, ActivityLogSyncWorkflowImpl.class);
    worker.registerActivitiesImplementations(delivery, onboarding, backfill, activityLog);
    when(activityLog.exportActivity(any(), any(), anyInt()))
        .thenAnswer(call -> new ActivityExport(call.getArgument(1), 0, 0, 0, true));
    when(activityLog.activityCursorAtEnd(any())).thenReturn(ActivityCursor.start());
    stubSuccessfulActivities();
    env.start();
  }

  private void stubSuccessfulActivities() {
    when(onboarding.provision(any())).thenReturn(ConnectorFixtures.provisioned());
    when(onboarding.verifyEmptyShare(any())).thenReturn(ConnectorFixtures.emptyShare());
    when(onboarding.registerSchemaHistory(any())).thenAnswer(call -> source.schemaHistory(call.getArgument(0)));
    when(backfill.planBackfillPage(any())).thenAnswer(call -> source.page(call.getArgument(0)));
    when(onboarding.revoke(any())).thenAnswer(call -> {
      RevokeRequest request = call.getArgument(0);
      return new Revoked(request.spec().recipient(), true, request.purge());
    });
    when(delivery.stage(any())).thenAnswer(call -> {
      DeliveryRequest request = request(call.getArgument(0));
      tracker.deliveryStarted(request.run());
      return tracker.timed(() -> staged(request.run(), 5));
    });
    when(delivery.schema(any(), any())).thenAnswer(call -> DeliveryFixtures.version(request(call.getArgument(0)).run()));
    RunByRun.stub(delivery);
    when(delivery.load(any())).thenAnswer(call -> batchLoaded(call.getArgument(0)));
    when(delivery.publish(any())).thenAnswer(call ->
        new StageResults.Published(List.of(batch(call.getArgument(0)).version().tableName()), true));
    when(delivery.share(any())).thenAnswer(call ->
        new StageResults.Shared("share-c1", List.of(batch(call.getArgument(0)).version().tableName())));
    when(delivery.verify(any())).thenAnswer(call -> batchVerified(call.getArgument(0)));
  }

  private static StageResults.BatchLoaded batchLoaded(Object argument) {
    StagedBatch batch = batch(argument);
    return new StageResults.BatchLoaded(batch.version().tableName(), 1, batch.jobIds(), List.of());
  }

  private StageResults.BatchVerified batchVerified(Object argument) {
    StagedBatch batch = batch(argument);
    Map<String, Long> rows = new LinkedHashMap<>();
    for (StagedRun run : batch.runs()) {
      tracker.deliveryEnded(run.run());
      rows.put(run.run().jobId(), run.rowCount());
    }
    return new StageResults.BatchVerified(rows, rows.size() * 5L, true, List.of(batch.version().tableName()));
  }

  private static StagedBatch batch(Object argument) {
    return (StagedBatch) argument;
  }

  /** The historical runs the source holds, oldest first. */
  void history(RunRef... oldestFirst) {
    source.runs = List.of(oldestFirst);
  }

  /** The rows-file sizes the planner reports, by run key; runs left out have an unknown size. */
  void inputBytes(Map<String, Long> byRunKey) {
    source.inputBytes = Map.copyOf(byRunKey);
  }

  /**
   * Makes every stage take a little real time and records overlaps: deliveries per source workflow
   * (STAGE start to VERIFY end) and stages under the commit lock per connector.
   */
  ConcurrencyTracker trackConcurrency(Duration stageTime) {
    tracker.stageTime = stageTime;
    doAnswer(call -> tracker.inCommitStage(() -> DeliveryFixtures.version(request(call.getArgument(0)).run())))
        .when(delivery).schema(any(), any());
    doAnswer(call -> tracker.timed(() -> batchLoaded(call.getArgument(0)))).when(delivery).load(any());
    doAnswer(call -> tracker.inCommitStage(() ->
        new StageResults.Published(List.of(batch(call.getArgument(0)).version().tableName()), true)))
        .when(delivery).publish(any());
    doAnswer(call -> tracker.inCommitStage(() ->
        new StageResults.Shared("share-c1", List.of(batch(call.getArgument(0)).version().tableName()))))
        .when(delivery).share(any());
    doAnswer(call -> tracker.inCommitStage(() -> batchVerified(call.getArgument(0)))).when(delivery).verify(any());
    return tracker;
  }

  /** LOAD fails non-retryably for the matching runs, each delivered alone, the first time, then succeeds. */
  void failOnceAtLoad(ArgumentMatcher<DeliveryRequest> runs) {
    doAnswer(call -> { throw Failures.STORAGE_INVALID.failure("table path is a file"); })
        .doAnswer(call -> batchLoaded(call.getArgument(0)))
        .when(delivery).load(argThat(aloneFor(runs)));
  }

  Gate holdProvision() {
    Gate gate = new Gate();
    doAnswer(call -> {
      gate.pass();
      return ConnectorFixtures.provisioned();
    }).when(onboarding).provision(any());
    return gate;
  }

  Gate holdStage(RunRef run) {
    Gate gate = new Gate();
    doAnswer(call -> {
      tracker.deliveryStarted(run);
      gate.pass();
      return staged(run, 5);
    }).when(delivery).stage(argThat(forRun(run)));
    return gate;
  }

  /** Holds PUBLISH of {@code run}: its delivery keeps the commit lock meanwhile. */
  Gate holdPublish(RunRef run) {
    Gate gate = new Gate();
    doAnswer(call -> tracker.inCommitStage(() -> {
      gate.pass();
      return new StageResults.Published(List.of(batch(call.getArgument(0)).version().tableName()), true);
    })).when(delivery).publish(argThat(aloneFor(forRun(run))));
    return gate;
  }

  Gate holdRevoke() {
    Gate gate = new Gate();
    doAnswer(call -> {
      gate.pass();
      return new Revoked("recipient-1", true, false);
    }).when(onboarding).revoke(any());
    return gate;
  }

  static ArgumentMatcher<DeliveryRequest> forRun(RunRef run) {
    return request -> request != null && run.equals(request.run());
  }

  /** A batch of one run that {@code runs} matches (asked as the run's request). */
  static ArgumentMatcher<StagedBatch> aloneFor(ArgumentMatcher<DeliveryRequest> runs) {
    return batch -> batch != null && batch.runs().size() == 1
        && runs.matches(new DeliveryRequest(batch.connector(), batch.runs().get(0).run(), false));
  }

  private static DeliveryRequest request(Object argument) {
    return (DeliveryRequest) argument;
  }

  ConnectorWorkflow connector() {
    return client.newWorkflowStub(ConnectorWorkflow.class, connectorWorkflowId());
  }

  /** Starts the connector workflow, as the engine's signal-with-start would, and returns its stub. */
  ConnectorWorkflow start(ConnectorInput input) {
    ConnectorWorkflow connector = client.newWorkflowStub(ConnectorWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.DELIVERY)
        .setWorkflowId(connectorWorkflowId())
        .build());
    WorkflowClient.start(connector::run, input);
    return connector;
  }

  ConnectorWorkflow start(ConnectorSpec spec) {
    return start(new ConnectorInput(spec, null));
  }

  static String connectorWorkflowId() {
    return TaskQueues.connectorWorkflowId(ConnectorFixtures.CONNECTOR_ID);
  }

  static String deliveryWorkflowId(RunRef run) {
    return TaskQueues.deliveryWorkflowId(ConnectorFixtures.CONNECTOR_ID, run.workflowId(), run.jobId());
  }

  RunDeliveryWorkflow deliveryOf(RunRef run) {
    return client.newWorkflowStub(RunDeliveryWorkflow.class, deliveryWorkflowId(run));
  }

  /** Waits (skipping test time) until the connector's state satisfies the condition. */
  ConnectorState awaitConnector(ConnectorWorkflow connector, String what, Predicate<ConnectorState> condition) {
    return await(connector::state, what, condition);
  }

  /** Waits until the connector has nothing in hand: no pending run, no delivery under way. */
  ConnectorState awaitIdle(ConnectorWorkflow connector, ConnectorStatus status, long runsDelivered) {
    return awaitConnector(connector, status + " with " + runsDelivered + " runs delivered", s ->
        s.status() == status && s.isIdle() && s.runsDelivered() == runsDelivered);
  }

  DeliveryState awaitDelivery(RunRef run, DeliveryState.Status status) {
    RunDeliveryWorkflow child = deliveryOf(run);
    return await(child::state, run.key() + " " + status, s -> s.status() == status);
  }

  <T> T await(Supplier<T> query, String what, Predicate<T> condition) {
    return await(query, what, condition, PATIENCE);
  }

  <T> T await(Supplier<T> query, String what, Predicate<T> condition, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = query.get();
        if (condition.test(last)) {
          return last;
        }
      } catch (RuntimeException notStartedYet) {
        // the workflow may not have run its first task yet
      }
      env.sleep(Duration.ofSeconds(1));
      sleepBriefly();
    }
    throw new AssertionError("never reached " + what + "; last seen: " + last);
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The reason a validator gave for rejecting the update {@code call} sends. */
  static String rejection(Executable call) {
    WorkflowUpdateException rejected = assertThrows(WorkflowUpdateException.class, call);
    return rejected.getCause() instanceof TemporalFailure failure ? failure.getOriginalMessage()
        : String.valueOf(rejected.getCause());
  }

  /** The job ids of every LOAD of several runs, in call order. */
  List<List<String>> loadedBatches() {
    ArgumentCaptor<StagedBatch> batchesLoaded = ArgumentCaptor.forClass(StagedBatch.class);
    verify(delivery, atLeast(0)).load(batchesLoaded.capture());
    return batchesLoaded.getAllValues().stream().filter(b -> b.runs().size() > 1).map(StagedBatch::jobIds).toList();
  }

  /** STAGE fails non-retryably for {@code run} the first {@code times} times, then succeeds. */
  void failAtStage(RunRef run, int times) {
    doAnswer(failingFirst(times, () -> Failures.SOURCE_MALFORMED.failure("line 2 is not a JSON object"),
        call -> staged(run, 5)))
        .when(delivery).stage(argThat(forRun(run)));
  }

  /** SCHEMA fails non-retryably for {@code run} the first {@code times} times, then succeeds. */
  void failAtSchema(RunRef run, int times) {
    doAnswer(failingFirst(times, () -> Failures.STORAGE_INVALID.failure("table path is a file"),
        call -> DeliveryFixtures.version(run)))
        .when(delivery).schema(argThat(forRun(run)), any());
  }

  /** The batch's LOAD fails non-retryably the first time, then succeeds. */
  void failOnceAtLoadBatch() {
    doAnswer(failingFirst(1, () -> Failures.STORAGE_INVALID.failure("table path is a file"),
        call -> batchLoaded(call.getArgument(0))))
        .when(delivery).load(argThat(batch -> batch != null && batch.runs().size() > 1));
  }

  /** Throws a fresh {@code failure} the first {@code times} calls, then answers as {@code then}. */
  private static Answer<Object> failingFirst(int times, Supplier<RuntimeException> failure, Answer<Object> then) {
    AtomicInteger failures = new AtomicInteger();
    return call -> {
      if (failures.incrementAndGet() <= times) {
        throw failure.get();
      }
      return then.answer(call);
    };
  }

  /** The runs STAGE was called for, in call order. */
  List<RunRef> stagedRuns() {
    ArgumentCaptor<DeliveryRequest> requests = ArgumentCaptor.forClass(DeliveryRequest.class);
    verify(delivery, atLeast(0)).stage(requests.capture());
    return requests.getAllValues().stream().map(DeliveryRequest::run).toList();
  }

  @Override
  public void close() {
    env.close();
  }
}
