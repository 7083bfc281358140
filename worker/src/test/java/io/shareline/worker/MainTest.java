package io.shareline.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.worker.runtime.EmbeddedTemporal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = Main.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  @Test
  void helpListsTheServerSubcommandAndExitsZero() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("server"), out.toString());
  }

  @Test
  void helpListsTheClientCommands() {
    assertEquals(0, run("--help"));
    for (String command : new String[] {"connector", "run-completed", "status"}) {
      assertTrue(out.toString().contains(command), out.toString());
    }
  }

  @Test
  void serverHelpDocumentsThePort() {
    assertEquals(0, run("server", "--help"));
    assertTrue(out.toString().contains("--port=PORT"), out.toString());
    assertTrue(out.toString().contains("Default: 7233"), out.toString());
  }

  @Test
  void everyOptionOfEverySubcommandHasADescription() {
    List<String> undocumented = new ArrayList<>();
    collectUndocumented(Main.commandLine(), undocumented);

    assertEquals(List.of(), undocumented);
  }

  @Test
  void theCommandTreeHoldsEverySubcommandIncludingNestedOnes() {
    List<String> names = new ArrayList<>();
    collectNames(Main.commandLine(), names);

    assertTrue(names.containsAll(List.of("shareline demo", "shareline deliver", "shareline server",
        "shareline worker", "shareline history", "shareline connector create", "shareline run-completed",
        "shareline status")), names.toString());
  }

  private static void collectUndocumented(CommandLine command, List<String> undocumented) {
    command.getCommandSpec().options().stream()
        .filter(option -> option.description().length == 0 || option.description()[0].isBlank())
        .forEach(option -> undocumented.add(command.getCommandSpec().qualifiedName() + " " + option.longestName()));
    command.getSubcommands().values().forEach(sub -> collectUndocumented(sub, undocumented));
  }

  private static void collectNames(CommandLine command, List<String> names) {
    names.add(command.getCommandSpec().qualifiedName());
    command.getSubcommands().values().forEach(sub -> collectNames(sub, names));
  }

  @Test
  void serverOnATakenPortPrintsOneClearLineAndExitsNonZero() {
    try (EmbeddedTemporal taken = EmbeddedTemporal.start(0)) {
      int code = run("server", "--port", String.valueOf(taken.port()));

      String printed = err.toString().strip();
      assertEquals(1, code);
      assertTrue(
          printed.startsWith("shareline server: port " + taken.port() + " on 127.0.0.1 is in use: "),
          printed);
      assertEquals(1, printed.lines().count(), printed);
    }
  }
}
