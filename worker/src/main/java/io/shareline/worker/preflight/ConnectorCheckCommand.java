package io.shareline.worker.preflight;

import io.shareline.provider.databricks.DatabricksPreflight;
import io.shareline.provider.databricks.DatabricksSettings;
import io.shareline.provider.databricks.DatabricksShareProvider;
import io.shareline.provider.snowflake.SnowflakeShareProvider;
import io.shareline.worker.config.WorkerSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code shareline connector check}: read-only checks of the provider a connector would be onboarded
 * onto, with the worker's own settings (config file and environment), so that what it checks is what the
 * worker will use. It lives in the worker module because it needs the provider; the client module never
 * depends on the activities.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks, without changing anything, that a provider can take a connector. Databricks: authentication, the"
          + " metastore (Delta Sharing, open sharing, token lifetime), the SQL warehouse, catalog and schema privileges,"
          + " the external location covering the storage root, and the right to create shares and recipients."
          + " Snowflake: the account identifier, the key pair, the role's CREATE DATABASE and CREATE SHARE, usage of"
          + " the warehouse and the storage integration, the stage URL, and the consumer account's form.",
      "Prints one line per check with the fix for each miss; exits 1 when onboarding would fail."
    })
public final class ConnectorCheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--provider", required = true, paramLabel = "NAME", description = "Provider to check: databricks or snowflake.")
  String provider;

  @Option(names = "--recipient", paramLabel = "R",
      description = "The connector's recipient: a sharing identifier, or a name (a token recipient, which needs"
          + " open sharing); for snowflake the consumer account, ORG.ACCOUNT[@REGION].")
  String recipient;

  @Option(names = "--connector", paramLabel = "ID", description = "Connector id: its schema is checked too.")
  String connectorId;

  @Option(names = "--config", paramLabel = "FILE",
      description = "The worker's properties file (databricks.* or snowflake.* keys); secrets come from the"
          + " environment.")
  Path config;

  /** The environment the settings resolve against; tests put their own. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() {
    if (SnowflakeShareProvider.NAME.equals(provider)) {
      WorkerSettings settings = WorkerSettings.resolve(WorkerSettings.Flags.configFileOnly(config), environment);
      return SnowflakeCheck.run(settings, recipient, spec.commandLine().getOut());
    }
    if (!"databricks".equals(provider)) {
      throw new ParameterException(spec.commandLine(), "--provider databricks or snowflake has checks; got " + provider);
    }
    DatabricksSettings settings = WorkerSettings.resolve(WorkerSettings.Flags.configFileOnly(config), environment)
        .databricks();
    if (settings == null) {
      throw new IllegalArgumentException("databricks.host is not set (config file or SHARELINE_DATABRICKS_HOST)");
    }
    boolean tokenRecipient = recipient != null && !DatabricksShareProvider.isSharingIdentifier(recipient);
    List<DatabricksPreflight.Check> checks = new DatabricksPreflight(settings).run(tokenRecipient, connectorId);
    PrintWriter out = spec.commandLine().getOut();
    out.println("workspace " + settings.host() + ", catalog " + settings.catalog() + ", storage root "
        + settings.storageRoot());
    checks.forEach(c -> out.println(c.line()));
    boolean fails = DatabricksPreflight.wouldFail(checks);
    out.println(fails ? "onboarding would fail: fix the MISS lines above" : "ready for onboarding");
    out.flush();
    return fails ? 1 : 0;
  }
}
