package io.shareline.client.cli;

import io.shareline.client.ActionOutcome;
import io.shareline.client.SharelineClient;
import io.shareline.delivery.RunRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shareline connector disable|enable|revoke|rotate-token|retry|skip|scope}: engineer actions. Each prints
 * {@code accepted: ...} and exits 0, or {@code rejected: <why>} and exits 1; a rejected action changed nothing.
 */
final class ActionCommands {

  private ActionCommands() {}

  /** What every action takes: where Temporal is and which connector. */
  abstract static class Action implements Callable<Integer> {
    @Mixin TemporalOptions temporal;

    @Option(names = "--connector", required = true, paramLabel = "ID", description = "Connector to act on.")
    String connectorId;

    int answer(Function<SharelineClient, ActionOutcome> action) {
      int[] code = {0};
      int connected = temporal.run((client, out) -> {
        ActionOutcome outcome = action.apply(client);
        out.println(outcome.describe());
        code[0] = outcome.accepted() ? 0 : 1;
      });
      return connected != 0 ? connected : code[0];
    }
  }

  /** An action on one run of a source workflow. */
  abstract static class RunAction extends Action {
    @Option(names = "--workflow", required = true, paramLabel = "W", description = "Source workflow id of the run.")
    String workflowId;

    @Option(names = "--job", required = true, paramLabel = "J", description = "Job id of the run.")
    String jobId;

    RunRef run() {
      return new RunRef(workflowId, jobId);
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true,
      description = "Stops delivering; runs that finish meanwhile are recorded as skipped.")
  static final class Disable extends Action {
    @Override
    public Integer call() {
      return answer(client -> client.disable(connectorId));
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true, description = "Resumes a disabled connector.")
  static final class Enable extends Action {
    @Option(names = "--backfill-missed", description = "Also deliver the runs that finished while it was disabled.")
    boolean backfillMissed;

    @Override
    public Integer call() {
      return answer(client -> client.enable(connectorId, backfillMissed));
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Removes the recipient's access and closes the connector for good; the data stays unless purged.")
  static final class Revoke extends Action {
    @Option(names = "--purge", description = "Also unshare and delete every shared table and its data.")
    boolean purge;

    @Option(names = "--yes", description = "Confirm --purge.")
    boolean confirmed;

    @Override
    public Integer call() {
      return answer(client -> client.revoke(connectorId, purge, confirmed));
    }
  }

  @Command(name = "rotate-token", mixinStandardHelpOptions = true,
      description = "Issues a new token to the connector's token recipient; the activation link goes to the outbox.")
  static final class RotateToken extends Action {
    @Option(names = "--grace-seconds", defaultValue = "0",
        description = "How long the old token keeps working (default: it expires at once).")
    long graceSeconds;

    @Override
    public Integer call() {
      return answer(client -> client.rotateToken(connectorId, graceSeconds));
    }
  }

  @Command(name = "retry", mixinStandardHelpOptions = true,
      description = "Runs the failed stage of a run's delivery again, then the stages after it.")
  static final class Retry extends RunAction {
    @Override
    public Integer call() {
      return answer(client -> client.retry(connectorId, run()));
    }
  }

  @Command(name = "skip", mixinStandardHelpOptions = true,
      description = "Gives up on a run whose delivery failed: it is recorded as skipped.")
  static final class Skip extends RunAction {
    @Override
    public Integer call() {
      return answer(client -> client.skip(connectorId, run()));
    }
  }

  @Command(name = "scope", mixinStandardHelpOptions = true,
      description = {"Adds source workflows to the connector's scope or removes them.",
          "An added workflow's earlier runs are backfilled first (visible in status), then its live runs go;"
              + " --new-runs-only delivers only the runs that finish from now on."})
  static final class Scope extends Action {
    @Option(names = "--add", paramLabel = "W", description = "Workflow id to add; repeat for several.")
    List<String> add = new ArrayList<>();

    @Option(names = "--remove", paramLabel = "W", description = "Workflow id to remove; repeat for several.")
    List<String> remove = new ArrayList<>();

    @Option(names = "--new-runs-only", description = "Do not backfill the added workflows' earlier runs.")
    boolean newRunsOnly;

    @Override
    public Integer call() {
      return answer(client -> client.changeScope(connectorId, add, remove, newRunsOnly));
    }
  }
}
