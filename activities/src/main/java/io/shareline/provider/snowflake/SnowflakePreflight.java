package io.shareline.provider.snowflake;

import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Read-only checks of a Snowflake provider account before a connector is onboarded onto it: only
 * {@code SELECT CURRENT_…()} and {@code SHOW} statements, nothing created. Each check says what it found
 * and, when it misses, the statement or setting that fixes it.
 */
public final class SnowflakePreflight {

  /** One line of the report. */
  public record Check(String name, boolean passed, boolean required, String found, String fix) {
    public String line() {
      String mark = passed ? "ok  " : required ? "MISS" : "warn";
      return String.format("%s %-20s %s%s", mark, name, found, passed ? "" : " -> " + fix);
    }
  }

  /** What the connector will use; {@code stage} (with database and schema) is checked only when given. */
  public record Target(String account, String user, String role, String warehouse, String integration,
      String database, String schema, String stage) {}

  private final Function<SnowflakeAccountId, SnowflakeSqlApi> connect;

  /** @param connect a client for the parsed account (its base URL, the key pair, the target's role and warehouse) */
  public SnowflakePreflight(Function<SnowflakeAccountId, SnowflakeSqlApi> connect) {
    this.connect = connect;
  }

  public List<Check> run(Target t) {
    List<Check> checks = new ArrayList<>();
    SnowflakeAccountId id;
    try {
      id = SnowflakeAccountId.parse(t.account());
      checks.add(new Check("account identifier", true, true, id.isLocator()
          ? "locator " + id.jwtAccount() + " (works; ORG-ACCOUNT is the preferred form)" : id.jwtAccount(), ""));
    } catch (ProviderException e) {
      checks.add(new Check("account identifier", false, true, "'" + t.account() + "'", e.getMessage()));
      return checks;
    }
    SnowflakeSqlApi api = connect.apply(id);
    Optional<SnowflakeResult> whoami = read(api, "SELECT CURRENT_ACCOUNT(), CURRENT_REGION(), CURRENT_ROLE()", checks,
        "key pair", "ALTER USER " + t.user() + " SET RSA_PUBLIC_KEY = '" + publicKey(api) + "' (expected fingerprint "
            + api.keyPair().fingerprint() + ")");
    if (whoami.isEmpty()) {
      return checks;
    }
    List<String> me = whoami.get().rows().get(0);
    checks.add(new Check("key pair", true, true, "authenticated as " + t.user() + " in " + me.get(0) + ", region "
        + me.get(1) + ", role " + me.get(2), ""));
    Optional<SnowflakeResult> grants = read(api, "SHOW GRANTS TO ROLE " + SnowflakeShares.q(t.role()), checks,
        "role grants", "GRANT the role's privileges as ACCOUNTADMIN (see below)");
    grants.ifPresent(g -> {
      privilege(checks, g, t.role(), "CREATE DATABASE", "ACCOUNT", null, "GRANT CREATE DATABASE ON ACCOUNT TO ROLE " + t.role());
      privilege(checks, g, t.role(), "CREATE SHARE", "ACCOUNT", null, "GRANT CREATE SHARE ON ACCOUNT TO ROLE " + t.role());
      privilege(checks, g, t.role(), "USAGE", "WAREHOUSE", t.warehouse(), "GRANT USAGE ON WAREHOUSE " + t.warehouse()
          + " TO ROLE " + t.role());
      privilege(checks, g, t.role(), "USAGE", "INTEGRATION", t.integration(), "GRANT USAGE ON INTEGRATION "
          + t.integration() + " TO ROLE " + t.role());
    });
    exists(checks, api, "warehouse", "SHOW WAREHOUSES LIKE '" + t.warehouse() + "'", t.warehouse(),
        "CREATE WAREHOUSE " + t.warehouse() + " WITH WAREHOUSE_SIZE = XSMALL AUTO_SUSPEND = 60 AUTO_RESUME = TRUE, or set"
            + " snowflake.warehouse");
    exists(checks, api, "storage integration", "SHOW INTEGRATIONS LIKE '" + t.integration() + "'", t.integration(),
        "CREATE STORAGE INTEGRATION " + t.integration() + " TYPE = EXTERNAL_STAGE STORAGE_PROVIDER = 'S3' ENABLED = TRUE"
            + " STORAGE_AWS_ROLE_ARN = '<role arn>' STORAGE_ALLOWED_LOCATIONS = ('s3://<ingestion bucket>/')");
    if (t.stage() != null) {
      exists(checks, api, "stage", "SHOW STAGES LIKE '" + t.stage() + "' IN SCHEMA "
          + SnowflakeShares.q(t.database(), t.schema()), t.stage(), "CREATE STAGE " + t.database() + "." + t.schema()
          + "." + t.stage() + " URL = 's3://<ingestion bucket>/' STORAGE_INTEGRATION = " + t.integration());
    }
    return checks;
  }

  /** SHOW GRANTS TO ROLE lists direct grants: a privilege held through another role shows as a miss with that hint. */
  private static void privilege(List<Check> checks, SnowflakeResult g, String role, String privilege, String on,
      String object, String fix) {
    boolean held = g.rows().stream().anyMatch(r -> g.cell(r, "privilege").equalsIgnoreCase(privilege)
        && g.cell(r, "granted_on").equalsIgnoreCase(on) && (object == null || g.cell(r, "name").equalsIgnoreCase(object)));
    checks.add(new Check(privilege.toLowerCase() + " on " + on.toLowerCase(), held, true,
        (held ? "granted to " : "not granted directly to ") + role, fix));
  }

  private static void exists(List<Check> checks, SnowflakeSqlApi api, String name, String sql, String object, String fix) {
    read(api, sql, checks, name, fix).ifPresent(r -> checks.add(new Check(name, r.rows().stream()
        .anyMatch(row -> r.cell(row, "name").equalsIgnoreCase(object)), true,
        r.rows().isEmpty() ? object + " not found (or not visible to the role)" : object, fix)));
  }

  /** The statement's answer, or a failed check carrying the classified failure and the fix. */
  private static Optional<SnowflakeResult> read(SnowflakeSqlApi api, String sql, List<Check> checks, String name,
      String fix) {
    try {
      return Optional.of(api.execute("preflight " + name, SnowflakeStatement.of(sql)));
    } catch (ProviderException e) {
      String next = e.type() == Failures.PROVIDER_AUTH ? fix : e.type() == Failures.PROVIDER_PERMISSION_DENIED
          ? "grant the role what the message names" : fix;
      checks.add(new Check(name, false, true, e.type() + ": " + e.getMessage(), next));
      return Optional.empty();
    }
  }

  private String publicKey(SnowflakeSqlApi api) {
    return Base64.getEncoder().encodeToString(api.keyPair().publicKey().getEncoded());
  }
}
