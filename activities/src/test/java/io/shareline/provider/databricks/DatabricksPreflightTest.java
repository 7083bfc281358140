package io.shareline.provider.databricks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** `connector check` against the emulator: every miss onboarding would hit, each with its fix, and no writes. */
class DatabricksPreflightTest {
  private static final String ROOT = "s3://bucket/data";

  private record Report(List<DatabricksPreflight.Check> checks, List<String> calls) {
    DatabricksPreflight.Check named(String name) {
      return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(
          "no check " + name + " in " + checks));
    }
  }

  private static Report check(Consumer<DatabricksEmulator> setup, DatabricksSettings.Auth auth, String storageRoot,
      String warehouse, boolean tokenRecipient) throws Exception {
    try (DatabricksEmulator emulator = DatabricksWorkspace.leastPrivilege(
        DatabricksEmulator.withToken(new Configuration(), DatabricksWorkspace.TOKEN), ROOT)) {
      setup.accept(emulator);
      DatabricksSettings settings = new DatabricksSettings(emulator.host(), DatabricksWorkspace.CATALOG, storageRoot,
          warehouse, auth, null, 0, null);
      List<DatabricksPreflight.Check> checks = new DatabricksPreflight(settings).run(tokenRecipient, "acme");
      return new Report(checks, emulator.apiCalls());
    }
  }

  private static Report check(Consumer<DatabricksEmulator> setup, boolean tokenRecipient) throws Exception {
    return check(setup, new DatabricksSettings.Pat(DatabricksWorkspace.TOKEN), ROOT, DatabricksEmulator.WAREHOUSE_ID,
        tokenRecipient);
  }

  private static void assertMiss(DatabricksPreflight.Check check, String found, String fix) {
    assertFalse(check.passed(), check.line());
    assertTrue(check.line().startsWith("MISS"), check.line());
    assertTrue(check.found().contains(found), check.line());
    assertTrue(check.fix().contains(fix), check.line());
  }

  @Test
  void aLeastPrivilegePrincipalPassesEveryCheckWithoutAnyWrite() throws Exception {
    Report report = check(e -> { }, true);

    report.checks().forEach(c -> assertTrue(c.passed(), c.line()));
    assertFalse(DatabricksPreflight.wouldFail(report.checks()));
    assertEquals(List.of("authentication", "metastore", "delta sharing", "open sharing", "token lifetime",
        "sql warehouse", "catalog", "schema", "external location", "create shares", "create recipients"),
        report.checks().stream().map(DatabricksPreflight.Check::name).toList());
    assertTrue(report.calls().stream().allMatch(l -> l.startsWith("GET ")), report.calls().toString());
  }

  @Test
  void aRefusedTokenMissesAuthenticationAndStopsThere() throws Exception {
    Report report = check(e -> { }, new DatabricksSettings.Pat("dapi-wrong"), ROOT, DatabricksEmulator.WAREHOUSE_ID, false);

    assertEquals(1, report.checks().size());
    assertMiss(report.named("authentication"), "PROVIDER_AUTH", "DATABRICKS_TOKEN");
    assertTrue(DatabricksPreflight.wouldFail(report.checks()));
  }

  @Test
  void aMetastoreWithoutOpenSharingMissesForATokenRecipientAndOnlyWarnsOtherwise() throws Exception {
    assertMiss(check(e -> e.metastore("INTERNAL", 0), true).named("open sharing"), "scope INTERNAL",
        "INTERNAL_AND_EXTERNAL");

    Report databricksRecipient = check(e -> e.metastore("INTERNAL", 0), false);
    assertTrue(databricksRecipient.named("open sharing").line().startsWith("warn"));
    assertFalse(DatabricksPreflight.wouldFail(databricksRecipient.checks()));
  }

  @Test
  void theMetastoresTokenLifetimeIsShown() throws Exception {
    assertTrue(check(e -> e.metastore("INTERNAL_AND_EXTERNAL", 7 * 86_400), true).named("token lifetime").found()
        .contains("caps tokens at 7 days"));
  }

  @Test
  void anUnknownWarehouseAndOneWithoutCanUseMiss() throws Exception {
    assertMiss(check(e -> { }, new DatabricksSettings.Pat(DatabricksWorkspace.TOKEN), ROOT, "nope", false)
        .named("sql warehouse"), "RESOURCE_DOES_NOT_EXIST", "databricks.warehouse-id");

    assertMiss(check(e -> e.revokeWarehouseUse(e.principal()), false).named("sql warehouse"), "PERMISSION_DENIED",
        "CAN USE");
  }

  @Test
  void aCatalogWithoutCreateSchemaMissesWithTheGrantToRun() throws Exception {
    Report report = check(e -> e.revoke("catalog:main", e.principal(), "CREATE_SCHEMA"), false);

    assertMiss(report.named("catalog"), "lacks [CREATE_SCHEMA] on main",
        "GRANT USE CATALOG, CREATE SCHEMA ON CATALOG `main` TO `" + DatabricksEmulator.TOKEN_USER + "`");
  }

  @Test
  void aStorageRootNoExternalLocationCoversMisses() throws Exception {
    assertMiss(check(e -> { }, new DatabricksSettings.Pat(DatabricksWorkspace.TOKEN), "s3://elsewhere/data",
        DatabricksEmulator.WAREHOUSE_ID, false).named("external location"), "none covers s3://elsewhere/data",
        "CREATE EXTERNAL LOCATION");
  }

  @Test
  void anExternalLocationWithoutCreateExternalTableMisses() throws Exception {
    Report report = check(e -> e.revoke("external_location:shareline_data", e.principal(), "CREATE_EXTERNAL_TABLE")
        .grant("external_location:shareline_data", e.principal(), "READ_FILES"), false);

    assertMiss(report.named("external location"), "lacks [CREATE_EXTERNAL_TABLE]",
        "GRANT CREATE EXTERNAL TABLE ON EXTERNAL LOCATION `shareline_data`");
  }

  @Test
  void withoutCreateShareOrCreateRecipientOnboardingWouldFail() throws Exception {
    Report report = check(e -> e.revoke("metastore", e.principal(), "CREATE_SHARE")
        .revoke("metastore", e.principal(), "CREATE_RECIPIENT"), false);

    assertMiss(report.named("create shares"), "lacks [CREATE_SHARE]", "GRANT CREATE SHARE ON METASTORE");
    assertMiss(report.named("create recipients"), "lacks [CREATE_RECIPIENT]", "GRANT CREATE RECIPIENT ON METASTORE");
    assertTrue(DatabricksPreflight.wouldFail(report.checks()));
  }

  @Test
  void aServicePrincipalIsCheckedThroughOAuth() throws Exception {
    try (DatabricksEmulator emulator = DatabricksWorkspace.leastPrivilege(
        DatabricksEmulator.withServicePrincipal(new Configuration(), "sp-client", "sp-secret-123"), ROOT)) {
      DatabricksSettings settings = new DatabricksSettings(emulator.host(), DatabricksWorkspace.CATALOG, ROOT,
          DatabricksEmulator.WAREHOUSE_ID, new DatabricksSettings.ServicePrincipal("sp-client", "sp-secret-123"), null, 0,
          null);

      List<DatabricksPreflight.Check> checks = new DatabricksPreflight(settings).run(false, null);

      assertTrue(checks.get(0).line().contains("OAuth M2M as sp-client"), checks.get(0).line());
      checks.forEach(c -> assertTrue(c.passed(), c.line()));
      assertEquals(List.of(), emulator.leaksOf("sp-secret-123"));
    }
  }
}
