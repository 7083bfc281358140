package io.shareline.worker.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.provider.snowflake.SnowflakeAccounts;
import io.shareline.worker.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SnowflakeCheckCommandTest {
  @TempDir Path tmp;
  @AutoClose private final SnowflakeAccounts accounts = new SnowflakeAccounts();
  private final StringWriter out = new StringWriter();

  private int check(String dataDir, String recipient) throws Exception {
    Path key = Files.writeString(tmp.resolve("snowflake.pem"), accounts.providerKeyPem());
    Path config = Files.writeString(tmp.resolve("worker.properties"), "data-dir=" + dataDir + "\n"
        + "snowflake.account=SHARELINE-PROVIDER\nsnowflake.user=SHARELINE_SVC\nsnowflake.role=" + SnowflakeAccounts.ROLE
        + "\nsnowflake.warehouse=" + SnowflakeAccounts.WAREHOUSE + "\nsnowflake.storage-integration="
        + SnowflakeAccounts.INTEGRATION + "\nsnowflake.api-url=" + accounts.emulator.baseUrl()
        + "\nsnowflake.private-key-file=" + key + "\n");
    CommandLine command = Main.commandLine();
    command.setOut(new PrintWriter(out, true));
    return command.execute("connector", "check", "--provider", "snowflake", "--recipient", recipient, "--config",
        config.toString());
  }

  @Test
  void aReadyAccountPrintsOneOkLinePerCheckAndExitsZero() throws Exception {
    assertEquals(0, check("s3a://ingest/data", "ACME.ANALYTICS@AWS_US_EAST_1"), out.toString());

    assertTrue(out.toString().contains("ok   create share on account"), out.toString());
    assertTrue(out.toString().contains("ok   stage url            s3://ingest/data"), out.toString());
    assertTrue(out.toString().contains("ready for onboarding"), out.toString());
    assertFalse(out.toString().contains(accounts.providerKeyPem().substring(40, 100)), "the key is never printed");
  }

  @Test
  void aDataFolderOffS3AndABadConsumerPrintTheirFixesAndExitNonZero() throws Exception {
    assertEquals(1, check(tmp.resolve("data").toString(), "not an account!"), out.toString());

    assertTrue(out.toString().contains("MISS stage url"), out.toString());
    assertTrue(out.toString().contains("snowflake.stage-url"), out.toString());
    assertTrue(out.toString().contains("MISS consumer account"), out.toString());
    assertTrue(out.toString().contains("onboarding would fail"), out.toString());
  }
}
