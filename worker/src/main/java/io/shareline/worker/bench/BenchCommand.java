package io.shareline.worker.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code shareline bench}: speed and memory figures measured on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {DeliveryBenchCommand.class, SnapshotBenchCommand.class,
    LiveBenchCommand.class, SharingBenchCommand.class, BackfillBenchCommand.class, LedgerBenchCommand.class},
    description = "Measures Shareline on this machine (not a test: prints figures, asserts nothing).")
public final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand");
  }
}
