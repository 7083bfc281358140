package io.shareline.delivery;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Answers a mocked {@link DeliveryActivities}' STAGE and SCHEMA of several runs through its per-run stubs,
 * run by run as the real activities go: the first run's failure is thrown, a later run's returned with the
 * results before it. A test's stub failing one run's {@code stage} or {@code schema} so applies in a batch too.
 */
public final class RunByRun {
  private RunByRun() {}

  public static void stub(DeliveryActivities mock) {
    when(mock.stageRuns(any())).thenAnswer(call -> {
      BatchRequest batch = call.getArgument(0);
      Partly<StagedRun> done = each(batch.runs(), run -> run, run -> mock.stage(batch.request(run)));
      return new StageResults.RunsStaged(done.results, done.failed);
    });
    when(mock.schemaRuns(any(), any())).thenAnswer(call -> {
      BatchRequest batch = call.getArgument(0);
      List<StagedRun> staged = call.getArgument(1);
      Partly<SchemaVersion> done = each(staged, StagedRun::run, run -> mock.schema(batch.request(run.run()), run));
      return new StageResults.SchemasDecided(done.results, done.failed);
    });
  }

  private record Partly<T>(List<T> results, StageResults.RunFailed failed) {}

  private static <R, T> Partly<T> each(List<R> items, Function<R, RunRef> runOf, Function<R, T> call) {
    List<T> results = new ArrayList<>();
    for (R item : items) {
      try {
        results.add(call.apply(item));
      } catch (ApplicationFailure failure) {
        if (results.isEmpty()) {
          throw failure;
        }
        return new Partly<>(results, new StageResults.RunFailed(runOf.apply(item), failure.getType(),
            failure.getOriginalMessage(), !failure.isNonRetryable()));
      }
    }
    return new Partly<>(results, null);
  }
}
