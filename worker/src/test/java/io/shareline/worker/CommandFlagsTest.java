package io.shareline.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.worker.config.Setting;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class CommandFlagsTest {
  private static final CommandLine ROOT = Main.commandLine();

  private static Set<String> settingFlags(String... path) {
    CommandLine command = ROOT;
    for (String name : path) {
      command = command.getSubcommands().get(name);
    }
    Set<String> flags = new TreeSet<>();
    for (OptionSpec option : command.getCommandSpec().options()) {
      for (Setting setting : Setting.values()) {
        if (setting.flag() != null && setting.flag().name().equals(option.longestName())) {
          flags.add(option.longestName());
        }
      }
    }
    return flags;
  }

  @Test
  void theWorkerOffersEverySettingThatHasAFlag() {
    Set<String> all = new TreeSet<>();
    for (Setting setting : Setting.values()) {
      if (setting.flag() != null) {
        all.add(setting.flag().name());
      }
    }
    assertEquals(all, settingFlags("worker"));
  }

  @Test
  void oneShotCommandsOfferNoClusterConnectionAndNoServiceEndpoint() {
    for (String command : new String[] {"deliver", "demo"}) {
      Set<String> flags = settingFlags(command);
      assertTrue(flags.contains("--data-dir") && flags.contains("--port") && flags.contains("--max-concurrent-activities"),
          command + ": " + flags);
      for (String absent : new String[] {"--address", "--namespace", "--tls", "--api-key", "--codec-port",
          "--shutdown-grace"}) {
        assertTrue(!flags.contains(absent), command + " offers " + absent);
      }
    }
  }

  @Test
  void historyOffersOnlyTheDataFolderAndTheBenchNone() {
    assertEquals(Set.of("--data-dir"), settingFlags("history"));
    assertTrue(!settingFlags("bench", "live").contains("--data-dir"));
  }

  @Test
  void aFlagsHelpComesFromItsOneDeclaration() {
    OptionSpec grace = ROOT.getSubcommands().get("worker").getCommandSpec().findOption("--shutdown-grace");
    String help = String.join(" ", grace.description());

    assertTrue(help.contains(Setting.SHUTDOWN_GRACE.environmentVariable()), help);
    assertTrue(help.contains("default " + Setting.SHUTDOWN_GRACE.defaultValue()), help);
  }

  @Test
  void aBadFlagValueIsRefusedNamingTheFlag() {
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine root = Main.commandLine();
    root.setErr(new java.io.PrintWriter(err));
    int code = root.execute("history", "--data-dir", "  ", "--connector", "c1");

    assertTrue(code != 0);
    assertTrue(err.toString().contains("--data-dir"), err.toString());
  }
}
