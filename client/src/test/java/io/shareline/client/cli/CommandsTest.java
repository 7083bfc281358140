package io.shareline.client.cli;

import static io.shareline.client.FakeConnectors.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shareline.backfill.BackfillProgress;
import io.shareline.backfill.BackfillReport;
import io.shareline.backfill.BackfillSignals;
import io.shareline.client.ConnectorNotFound;
import io.shareline.client.FakeConnectors;
import io.shareline.client.SharelineClient;
import io.shareline.client.TemporalConnection;
import io.shareline.common.TaskQueues;
import io.shareline.connector.ConnectorStatus;
import io.shareline.connector.ConnectorWorkflow;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.connector.spec.DeliverySettings;
import io.shareline.connector.spec.OrchestrationSettings;
import io.shareline.delivery.DeliveryState;
import io.shareline.delivery.RunRef;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static FakeConnectors temporal;
  private static SharelineClient client;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startServer() {
    temporal = FakeConnectors.start();
    client = new SharelineClient(temporal.client());
  }

  @AfterAll
  static void stopServer() {
    temporal.close();
  }

  private int run(Class<?> command, String... args) {
    return run(command, (address, namespace) -> TemporalConnection.borrowing(temporal.client()), args);
  }

  private int run(Class<?> command, ConnectionFactory connections, String... args) {
    CommandLine line = new CommandLine(command, Commands.factory(connections));
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  @Test
  void connectorCreatePrintsOneConfirmingLineAndDefaultsTheRecipient() {
    int code =
        run(ConnectorCommand.class, "create", "--connector", "cli-created", "--source", "/data/source",
            "--workflow", "wf-1", "--workflow", "wf-2", "--no-activity-log");

    assertEquals(0, code, err.toString());
    assertEquals(
        "connector cli-created ready: local share of /data/source for cli-created-recipient (wf-1, wf-2)",
        out.toString().strip());
    assertEquals(
        new ConnectorSpec("cli-created", "/data/source", "local", "cli-created-recipient", List.of("wf-1", "wf-2"), false),
        client.status("cli-created").spec());
  }

  @Test
  void connectorCreateTakesDeliveryAndOrchestrationSettings() {
    int code =
        run(ConnectorCommand.class, "create", "--connector", "cli-tuned", "--source", "/data/source",
            "--cast-policy", "STRICT", "--field-cast-policy", "price=LENIENT", "--field-cast-policy", "wf-1.sku=LENIENT",
            "--staging-file-name", "{workflow}_{date}_{part}", "--keep-staging", "--max-parallel-deliveries", "2",
            "--backfill-page-size", "500", "--backfill-order", "NEWEST_FIRST", "--backfill-batch-size", "200",
            "--backfill-batch-bytes", "1GiB");

    assertEquals(0, code, err.toString());
    ConnectorSpec spec = client.status("cli-tuned").spec();
    assertEquals(new DeliverySettings(DeliverySettings.CastPolicy.STRICT,
        Map.of("price", DeliverySettings.CastPolicy.LENIENT, "wf-1.sku", DeliverySettings.CastPolicy.LENIENT),
        "{workflow}_{date}_{part}", true), spec.delivery());
    assertEquals(new OrchestrationSettings(2, 500, OrchestrationSettings.BackfillOrder.NEWEST_FIRST, 200, 1L << 30),
        spec.orchestration());
    assertEquals(DeliverySettings.CastPolicy.LENIENT, spec.delivery().policyFor("wf-1", "sku"));
    assertEquals(DeliverySettings.CastPolicy.STRICT, spec.delivery().policyFor("wf-1", "name"));
  }

  @Test
  void connectorCreateForSnowflakeNamesTheConsumerByOrganizationAccountAndRegion() {
    int code = run(ConnectorCommand.class, "create", "--connector", "cli-snowflake", "--source", "/data/source",
        "--provider", "snowflake", "--org", "acme", "--account", "prod_analytics", "--region", "US East 1");

    assertEquals(0, code, err.toString());
    assertEquals("ACME.PROD_ANALYTICS@AWS_US_EAST_1", client.status("cli-snowflake").spec().recipient());
  }

  @Test
  void connectorCreateRefusesSnowflakeOptionsForAnotherProvider() {
    int code = run(ConnectorCommand.class, "create", "--connector", "cli-not-snowflake", "--source", "/data/source",
        "--account", "prod_analytics");

    assertEquals(2, code);
    assertTrue(err.toString().contains("need --provider snowflake"), err.toString());
  }

  @Test
  void connectorCreateRefusesAnUnknownCastPolicyInOneLine() {
    int code = run(ConnectorCommand.class, "create", "--connector", "cli-bad", "--source", "/data/source",
        "--cast-policy", "SOMETIMES");

    assertEquals(2, code);
    assertTrue(err.toString().contains("--cast-policy"), err.toString());
  }

  @Test
  void connectorCreateRefusesABackfillBatchBytesThatIsNotASizeInOneLine() {
    int code = run(ConnectorCommand.class, "create", "--connector", "cli-bad-bytes", "--source", "/data/source",
        "--backfill-batch-bytes", "1.5GB");

    assertEquals(2, code);
    assertTrue(err.toString().contains("--backfill-batch-bytes") && err.toString().contains("'1.5GB' is not a size"),
        err.toString());
    assertThrows(ConnectorNotFound.class, () -> client.status("cli-bad-bytes"));
  }

  @Test
  void connectorCreateRefusesAnUnknownStagingPlaceholderByName() {
    int code = run(ConnectorCommand.class, "create", "--connector", "cli-bad-placeholder", "--source", "/data/source",
        "--staging-file-name", "{workflow}-{jobid}-{part}");

    assertEquals(2, code);
    assertTrue(err.toString().contains("--staging-file-name: staging file-name pattern '{workflow}-{jobid}-{part}'"
        + " has the unknown placeholder {jobid}"), err.toString());
    assertThrows(ConnectorNotFound.class, () -> client.status("cli-bad-placeholder"));
  }

  @Test
  void connectorCreateRefusesAStagingPatternWithoutPart() {
    int code = run(ConnectorCommand.class, "create", "--connector", "cli-no-part", "--source", "/data/source",
        "--staging-file-name", "{workflow}-{job}");

    assertEquals(2, code);
    assertTrue(err.toString().contains("needs {part}"), err.toString());
    assertThrows(ConnectorNotFound.class, () -> client.status("cli-no-part"));
  }

  @Test
  void connectorCreateMakesALocalSourceAbsolute() {
    assertEquals(0, run(ConnectorCommand.class, "create", "--connector", "cli-relative", "--source", "runs"));

    assertEquals(Path.of("runs").toAbsolutePath().toString(), client.status("cli-relative").spec().sourceUri());
  }

  @Test
  void connectorCreateWithAnotherSpecPrintsOneLineAndExitsOne() {
    client.createConnector(spec("cli-taken"));

    int code = run(ConnectorCommand.class, "create", "--connector", "cli-taken", "--source", "/elsewhere");

    assertEquals(1, code);
    assertOneLine("connector create: connector cli-taken already exists: it runs with another spec");
  }

  @Test
  void runCompletedPrintsWhatItQueued() {
    client.createConnector(spec("cli-signalled"));

    int code = run(RunCompletedCommand.class, "--connector", "cli-signalled", "--workflow", "wf-1", "--job", "job-1");

    assertEquals(0, code, err.toString());
    assertEquals("queued wf-1/job-1 for connector cli-signalled", out.toString().strip());
    assertEquals(1, client.awaitIdle("cli-signalled", WAIT).runsDelivered());
  }

  @Test
  void runCompletedForAMissingConnectorPrintsOneLineAndExitsOne() {
    int code = run(RunCompletedCommand.class, "--connector", "cli-missing", "--workflow", "wf", "--job", "j");

    assertEquals(1, code);
    assertOneLine("run-completed: no running connector cli-missing");
  }

  @Test
  void statusShowsCountsAndTheFailedStageOfEachDeliveryInFlight() {
    RunRef broken = failingConnector("cli-failing");

    int code = run(StatusCommand.class, "--connector", "cli-failing");

    assertEquals(0, code, err.toString());
    String printed = out.toString();
    assertTrue(printed.startsWith("connector cli-failing: ACTIVE\n"), printed);
    assertTrue(
        printed.contains("in flight:  " + broken.key() + ", FAILED(LOAD, DeltaConflict, concurrent commit)"), printed);
    assertTrue(printed.contains("pending:    0"), printed);
    assertTrue(printed.contains("backfill:   none"), printed);
    assertTrue(printed.contains("delivered:  1 runs, " + FakeConnectors.ROWS_PER_RUN + " rows"), printed);
    assertTrue(printed.contains("last failure: none"), printed);
  }

  @Test
  void statusShowsTheBackfillRunItsBatchDeliveredAloneParkedInFailed() {
    client.createConnector(spec("cli-batch"));
    temporal.client().newWorkflowStub(BackfillSignals.class, TaskQueues.connectorWorkflowId("cli-batch"))
        .backfillReport(new BackfillReport(List.of(), List.of(), List.of(), BackfillProgress.startedAt(0)));
    RunRef broken = new RunRef("wf-1", FakeConnectors.BROKEN_JOB + "-2");
    temporal.startBackfill(spec("cli-batch"),
        List.of(new RunRef("wf-1", "job-1"), broken, new RunRef("wf-1", "job-3")));
    awaitFailed("cli-batch", broken);

    int code = run(StatusCommand.class, "--connector", "cli-batch");

    assertEquals(0, code, err.toString());
    String printed = out.toString();
    assertTrue(printed.contains("in flight:  " + broken.key() + ", FAILED(LOAD, DeltaConflict, concurrent commit)"),
        printed);
  }

  @Test
  void statusJsonPrintsTheConnectorStateAndItsDeliveriesInFlight() throws IOException {
    RunRef broken = failingConnector("cli-json");

    assertEquals(0, run(StatusCommand.class, "--connector", "cli-json", "--json"), err.toString());

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertEquals("ACTIVE", json.path("connector").path("status").asText());
    assertEquals("cli-json", json.path("connector").path("spec").path("connectorId").asText());
    assertEquals(broken.jobId(), json.path("connector").path("inFlight").path(broken.workflowId()).path("jobId").asText());
    assertEquals("FAILED", json.path("deliveries").path(0).path("status").asText());
    assertEquals("DeltaConflict", json.path("deliveries").path(0).path("failure").path("type").asText());
  }

  @Test
  void anActionTheConnectorRejectsPrintsWhyAndExitsOne() {
    client.createConnector(spec("cli-rejects"));
    client.awaitStatus("cli-rejects", ConnectorStatus.ACTIVE, WAIT);

    int code = run(ConnectorCommand.class, "enable", "--connector", "cli-rejects", "--backfill-missed");

    assertEquals(1, code, err.toString());
    assertEquals("rejected: connector is ACTIVE, not DISABLED", out.toString().strip());
  }

  @Test
  void disableIsAcceptedAndPrintsWhatTheConnectorDid() {
    client.createConnector(spec("cli-disable"));
    client.awaitStatus("cli-disable", ConnectorStatus.ACTIVE, WAIT);

    int code = run(ConnectorCommand.class, "disable", "--connector", "cli-disable");

    assertEquals(0, code, err.toString());
    assertEquals("accepted: disabled", out.toString().strip());
    assertEquals(ConnectorStatus.DISABLED, client.status("cli-disable").status());
  }

  @Test
  void rotateTokenIsAnEngineerAction() {
    client.createConnector(spec("cli-rotate"));
    client.awaitStatus("cli-rotate", ConnectorStatus.ACTIVE, WAIT);

    int code = run(ConnectorCommand.class, "rotate-token", "--connector", "cli-rotate", "--grace-seconds", "60");

    assertEquals(0, code, err.toString());
    assertEquals("accepted: token rotated; old token expires in 60 s", out.toString().strip());
  }

  @Test
  void revokeWithPurgeButWithoutYesIsRejected() {
    client.createConnector(spec("cli-purge"));
    client.awaitStatus("cli-purge", ConnectorStatus.ACTIVE, WAIT);

    assertEquals(1, run(ConnectorCommand.class, "revoke", "--connector", "cli-purge", "--purge"));
    assertEquals("rejected: purge needs confirmation", out.toString().strip());
  }

  @Test
  void skipOfAFailedRunIsAccepted() {
    RunRef broken = failingConnector("cli-skip");

    int code = run(ConnectorCommand.class, "skip", "--connector", "cli-skip", "--workflow", broken.workflowId(),
        "--job", broken.jobId());

    assertEquals(0, code, err.toString());
    assertEquals("accepted: skipped " + broken.key(), out.toString().strip());
  }

  @Test
  void statusOfAMissingConnectorPrintsOneLineAndExitsOne() {
    int code = run(StatusCommand.class, "--connector", "cli-missing");

    assertEquals(1, code);
    assertOneLine("status: no running connector cli-missing");
  }

  @Test
  void statusWithoutAConnectorOnTheEmbeddedServerAsksForOne() {
    int code = run(StatusCommand.class);

    assertEquals(1, code);
    assertOneLine("status: this Temporal server cannot list workflows");
    assertTrue(err.toString().contains("--connector ID"), err.toString());
  }

  @Test
  void anUnreachableServerPrintsOneLineAndExitsOne() throws IOException {
    String address = "127.0.0.1:" + unusedPort();

    int code = run(StatusCommand.class, ConnectionFactory.REMOTE, "--connector", "any", "--address", address);

    assertEquals(1, code);
    assertOneLine("status: cannot reach Temporal at " + address + ": ");
  }

  @Test
  void everyCommandTakesTheSameTemporalOptionsAndDescribesEveryOption() {
    for (CommandLine command : allCommands()) {
      var spec = command.getCommandSpec();
      if (spec.userObject() instanceof ConnectorCommand) {
        continue;
      }
      assertTrue(spec.findOption("--address") != null, spec.qualifiedName());
      assertTrue(spec.findOption("--namespace") != null, spec.qualifiedName());
      spec.options()
          .forEach(option -> assertTrue(option.description().length > 0, spec.qualifiedName() + " " + option.longestName()));
    }
  }

  @Test
  void everyCommandPrintsItsHelp() {
    for (CommandLine command : allCommands()) {
      StringWriter help = new StringWriter();
      command.setOut(new PrintWriter(help, true));
      assertEquals(0, command.execute("--help"), command.getCommandName());
      assertTrue(help.toString().startsWith("Usage: "), help.toString());
    }
  }

  private static List<CommandLine> allCommands() {
    List<CommandLine> all = new ArrayList<>();
    for (Class<?> type : Commands.COMMANDS) {
      CommandLine command = new CommandLine(type);
      all.add(command);
      all.addAll(command.getSubcommands().values().stream().filter(sub -> sub.getParent() == command).toList());
    }
    return all;
  }

  /** A connector that delivered one run and now sits on a run failed at LOAD. */
  private static RunRef failingConnector(String connectorId) {
    client.createConnector(spec(connectorId));
    client.runCompleted(connectorId, new RunRef("wf-1", "job-1"));
    client.awaitIdle(connectorId, WAIT);
    RunRef broken = new RunRef("wf-1", FakeConnectors.BROKEN_JOB + "-2");
    client.runCompleted(connectorId, broken);
    awaitFailed(connectorId, broken);
    assertEquals(ConnectorStatus.ACTIVE, client.status(connectorId).status());
    return broken;
  }

  private static void awaitFailed(String connectorId, RunRef run) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (client.deliveryStatus(connectorId, run).map(DeliveryState::status).orElse(null)
        != DeliveryState.Status.FAILED) {
      assertTrue(System.nanoTime() < deadline, "delivery of " + run.key() + " never failed");
      sleep();
    }
  }

  private void assertOneLine(String prefix) {
    String printed = err.toString().strip();
    assertTrue(printed.startsWith(prefix), printed);
    assertEquals(1, printed.lines().count(), printed);
    assertEquals("", out.toString());
  }

  private static int unusedPort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
