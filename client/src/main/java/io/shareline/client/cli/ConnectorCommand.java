package io.shareline.client.cli;

import io.shareline.connector.SnowflakeRecipient;
import io.shareline.connector.StagingFileNamePattern;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.connector.spec.DeliverySettings;
import io.shareline.connector.spec.OrchestrationSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code shareline connector ...}: manage connector entities. */
@Command(
    name = "connector",
    mixinStandardHelpOptions = true,
    description = "Creates and manages connectors: one shared set of Delta tables per recipient.",
    subcommands = {
      ConnectorCommand.Create.class,
      ActionCommands.Disable.class,
      ActionCommands.Enable.class,
      ActionCommands.Revoke.class,
      ActionCommands.RotateToken.class,
      ActionCommands.Retry.class,
      ActionCommands.Skip.class,
      ActionCommands.Scope.class
    })
public final class ConnectorCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand");
  }

  /** {@code shareline connector create}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Creates a connector and starts its onboarding: provision, verify the empty share, first"
            + " live delivery, backfill.",
        "Creating it again with the same options does nothing; with other options it fails."
      })
  public static final class Create implements Callable<Integer> {

    @Mixin TemporalOptions temporal;

    @Spec CommandSpec spec;

    @Option(
        names = "--connector",
        required = true,
        paramLabel = "ID",
        description = "Connector id; its workflow is connector/ID and its tables live under ID/.")
    String connectorId;

    @Option(
        names = "--source",
        required = true,
        paramLabel = "DIR",
        description = "Source root the engine writes runs under: a folder (made absolute) or an s3a:// prefix.")
    String source;

    @Option(
        names = "--provider",
        defaultValue = "local",
        paramLabel = "NAME",
        description = "Share provider: local, databricks or snowflake. Default: ${DEFAULT-VALUE}.")
    String provider;

    @Option(
        names = "--recipient",
        paramLabel = "NAME",
        description = "Recipient: a Databricks sharing identifier, a token recipient's name, or a Snowflake consumer"
            + " account as ORG.ACCOUNT[@REGION]. Default: ID-recipient.")
    String recipient;

    @Option(names = "--org", paramLabel = "ORG", description = "snowflake: the consumer's organization name.")
    String organization;

    @Option(
        names = "--account",
        paramLabel = "NAME",
        description = "snowflake: the consumer's account name, or its account locator (then without --org).")
    String account;

    @Option(
        names = "--region",
        paramLabel = "REGION",
        description = "snowflake: the consumer account's region (us-east-1, AWS_US_EAST_1); a direct share reaches only"
            + " the provider account's region.")
    String region;

    @Option(names = "--cloud", paramLabel = "CLOUD", description = "snowflake: aws, azure or gcp, when the region does"
        + " not say it.")
    String cloud;

    @Option(
        names = "--recipient-type",
        paramLabel = "TYPE",
        description = "token: a token recipient of the local provider; its one-time activation link (the profile"
            + " file of the open Delta Sharing protocol) goes to the activation outbox. Default: none on local.")
    String recipientType;

    @Option(
        names = "--workflow",
        paramLabel = "W",
        description = "Source workflow id to share; repeat for several. Default: every workflow.")
    List<String> workflows = new ArrayList<>();

    @Option(names = "--no-activity-log", description = "Do not share the activity_log table.")
    boolean noActivityLog;

    @Option(
        names = "--cast-policy",
        paramLabel = "POLICY",
        description = "LENIENT (a value that does not fit becomes null and is counted) or STRICT (the run fails"
            + " at STAGE). Default: LENIENT.")
    DeliverySettings.CastPolicy castPolicy;

    @Option(
        names = "--field-cast-policy",
        paramLabel = "FIELD=POLICY",
        description = "Cast policy of one source field (FIELD or WORKFLOW.FIELD, the qualified one wins); repeatable.")
    Map<String, DeliverySettings.CastPolicy> fieldCastPolicies = new LinkedHashMap<>();

    @Option(
        names = "--staging-file-name",
        paramLabel = "PATTERN",
        description = "Staged file names, from {workflow} {job} {date} {timestamp} {part} ({part} required) and"
            + " letters, digits, '.', '_', '-'. Default: " + DeliverySettings.DEFAULT_STAGING_FILE_NAME + ".")
    String stagingFileName;

    @Option(names = "--keep-staging", description = "Keep staged files after VERIFY instead of removing them.")
    boolean keepStaging;

    @Option(
        names = "--max-parallel-deliveries",
        paramLabel = "N",
        description = "Deliveries of different source workflows in flight at once. Default: 4.")
    int maxParallelDeliveries;

    @Option(names = "--backfill-page-size", paramLabel = "N", description = "Historical runs per backfill page. Default: 1000.")
    int backfillPageSize;

    @Option(
        names = "--backfill-order",
        paramLabel = "ORDER",
        description = "OLDEST_FIRST (versions appear as they did) or NEWEST_FIRST. Default: OLDEST_FIRST.")
    OrchestrationSettings.BackfillOrder backfillOrder;

    @Option(
        names = "--backfill-batch-size",
        paramLabel = "N",
        description = "Consecutive historical runs of one workflow delivered as one commit per table; 1 delivers"
            + " run by run. Default: 50.")
    int backfillBatchSize;

    @Option(
        names = "--backfill-batch-bytes",
        paramLabel = "SIZE",
        converter = ByteSize.Converter.class,
        description = "A batch closes before its runs' summed rows-file bytes (as stored) would exceed this;"
            + " a larger run goes alone. Bytes, or with B, KiB, MiB, GiB, TiB (e.g. 1GiB). Default: 256MiB.")
    long backfillBatchBytes;

    /** The recipient; for snowflake built from --org, --account, --region and --cloud when they are given. */
    private String snowflakeConsumer() {
      boolean snowflakeOptions = organization != null || account != null || region != null || cloud != null;
      if (!"snowflake".equals(provider)) {
        if (snowflakeOptions) {
          throw new ParameterException(spec.commandLine(), "--org, --account, --region and --cloud need --provider"
              + " snowflake");
        }
        return recipient;
      }
      try {
        if (account != null) {
          return SnowflakeRecipient.of(organization, account, region, cloud).text();
        }
        if (recipient == null || snowflakeOptions) {
          throw new IllegalArgumentException("give the consumer account: --org ORG --account NAME [--region R"
              + " [--cloud C]], or --recipient ORG.ACCOUNT[@REGION]");
        }
        return SnowflakeRecipient.parse(recipient).text();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }

    @Override
    public Integer call() {
      if (recipientType != null && !recipientType.equalsIgnoreCase(ConnectorSpec.TOKEN_RECIPIENT)) {
        throw new ParameterException(spec.commandLine(), "--recipient-type: only 'token' is known");
      }
      if (maxParallelDeliveries < 0 || backfillPageSize < 0 || backfillBatchSize < 0) {
        throw new ParameterException(spec.commandLine(), "counts must be positive");
      }
      String recipient = snowflakeConsumer();
      DeliverySettings delivery = new DeliverySettings(castPolicy, fieldCastPolicies, stagingFileName, keepStaging);
      try {
        StagingFileNamePattern.parse(delivery.stagingFileName());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--staging-file-name: " + e.getMessage());
      }
      ConnectorSpec connector =
          new ConnectorSpec(
              connectorId,
              source.contains("://") ? source : Path.of(source).toAbsolutePath().normalize().toString(),
              provider,
              recipient != null ? recipient : connectorId + "-recipient",
              workflows,
              !noActivityLog,
              delivery,
              new OrchestrationSettings(maxParallelDeliveries, backfillPageSize, backfillOrder, backfillBatchSize,
                  backfillBatchBytes),
              recipientType);
      return temporal.run(
          (client, out) -> {
            client.createConnector(connector);
            out.println(
                "connector "
                    + connectorId
                    + " ready: "
                    + connector.provider()
                    + " share of "
                    + connector.sourceUri()
                    + " for "
                    + connector.recipient()
                    + " ("
                    + (workflows.isEmpty() ? "all workflows" : String.join(", ", workflows))
                    + (connector.activityLog() ? ", activity log" : "")
                    + ")");
        });
    }
  }
}
