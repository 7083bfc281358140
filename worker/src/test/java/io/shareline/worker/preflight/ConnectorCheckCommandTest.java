package io.shareline.worker.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.provider.databricks.DatabricksEmulator;
import io.shareline.provider.databricks.DatabricksWorkspace;
import io.shareline.worker.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code shareline connector check --provider databricks} with the worker's config file, against the emulator. */
class ConnectorCheckCommandTest {
  private static final String ROOT = "s3://bucket/data";
  @TempDir Path tmp;
  private DatabricksEmulator emulator;
  private final StringWriter out = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    emulator = DatabricksWorkspace.leastPrivilege(DatabricksEmulator.withToken(new Configuration(),
        DatabricksWorkspace.TOKEN), ROOT);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private int check(String recipient) throws Exception {
    Path token = Files.writeString(tmp.resolve("token"), DatabricksWorkspace.TOKEN);
    Path config = Files.writeString(tmp.resolve("worker.properties"), "databricks.host=" + emulator.host() + "\n"
        + "databricks.catalog=main\ndatabricks.storage-root=" + ROOT + "\ndatabricks.warehouse-id="
        + DatabricksEmulator.WAREHOUSE_ID + "\ndatabricks.token-file=" + token + "\n");
    CommandLine command = Main.commandLine();
    command.setOut(new PrintWriter(out, true));
    return command.execute("connector", "check", "--provider", "databricks", "--recipient", recipient,
        "--connector", "acme", "--config", config.toString());
  }

  @Test
  void aReadyWorkspacePrintsOneOkLinePerCheckAndExitsZero() throws Exception {
    assertEquals(0, check(DatabricksWorkspace.SHARING_ID), out.toString());

    assertTrue(out.toString().contains("ok   create recipients"), out.toString());
    assertTrue(out.toString().contains("ready for onboarding"), out.toString());
    assertFalse(out.toString().contains(DatabricksWorkspace.TOKEN));
  }

  @Test
  void aMissingPrivilegePrintsItsFixAndExitsNonZero() throws Exception {
    emulator.revoke("metastore", emulator.principal(), "CREATE_SHARE");

    assertEquals(1, check("acme-analytics"));

    assertTrue(out.toString().contains("MISS create shares"), out.toString());
    assertTrue(out.toString().contains("GRANT CREATE SHARE ON METASTORE TO `" + DatabricksEmulator.TOKEN_USER + "`"),
        out.toString());
    assertTrue(out.toString().contains("onboarding would fail"), out.toString());
  }
}
