package io.shareline.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.worker.runtime.EmbeddedTemporal;
import java.io.PrintWriter;
import java.io.StringWriter;
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
  void everyOptionHasADescription() {
    Main.commandLine()
        .getSubcommands()
        .values()
        .forEach(
            sub ->
                sub.getCommandSpec()
                    .options()
                    .forEach(
                        option ->
                            assertTrue(
                                option.description().length > 0,
                                sub.getCommandName() + " " + option.longestName())));
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
