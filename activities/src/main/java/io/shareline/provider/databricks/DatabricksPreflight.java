package io.shareline.provider.databricks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.catalog.DeltaSharingScopeEnum;
import com.databricks.sdk.service.catalog.EffectivePermissionsList;
import com.databricks.sdk.service.catalog.ExternalLocationInfo;
import com.databricks.sdk.service.catalog.GetEffectiveRequest;
import com.databricks.sdk.service.catalog.GetMetastoreSummaryResponse;
import com.databricks.sdk.service.catalog.ListExternalLocationsRequest;
import com.databricks.sdk.service.catalog.SchemaInfo;
import com.databricks.sdk.service.catalog.SecurableType;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.sql.GetWarehouseResponse;
import com.databricks.sdk.service.sql.State;
import io.shareline.provider.ProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Read-only checks of a workspace before a connector is onboarded onto it: every call is a GET, nothing
 * is created. Each check says what it found and, when it misses, the fix. A check that is not
 * {@code required} (open sharing when the recipient is a Databricks one) only warns.
 */
public final class DatabricksPreflight {

  /** One line of the report. */
  public record Check(String name, boolean passed, boolean required, String found, String fix) {
    public String line() {
      String mark = passed ? "ok  " : required ? "MISS" : "warn";
      return String.format("%s %-18s %s%s", mark, name, found, passed ? "" : " -> " + fix);
    }
  }

  private final DatabricksSettings settings;
  private final WorkspaceClient client;
  private final DatabricksErrors errors;

  public DatabricksPreflight(DatabricksSettings settings) {
    this.settings = settings;
    this.client = new WorkspaceClient(DatabricksShareProvider.config(settings));
    this.errors = new DatabricksErrors(settings.host(), "the principal", settings.auth().secrets());
  }

  /**
   * @param tokenRecipient the connector's recipient is a name (open sharing), not a sharing identifier
   * @param connectorId    when given, the connector's schema is checked too (it may exist already)
   */
  public List<Check> run(boolean tokenRecipient, String connectorId) {
    List<Check> checks = new ArrayList<>();
    String kind = settings.auth() instanceof DatabricksSettings.ServicePrincipal ? "OAuth M2M" : "personal access token";
    Result<String> me = read(() -> client.currentUser().me(new MeRequest()).getUserName());
    checks.add(check("authentication", me, true, who -> kind + " as " + who,
        "set DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET, for " + settings.host()));
    if (!me.ok()) {
      return checks;
    }
    String user = me.value().orElseThrow();
    Result<GetMetastoreSummaryResponse> summary = read(() -> client.metastores().summary());
    checks.add(check("metastore", summary, true, m -> m.getName() + " (" + m.getGlobalMetastoreId() + ")",
        "assign a Unity Catalog metastore to the workspace"));
    if (summary.ok()) {
      GetMetastoreSummaryResponse m = summary.value().orElseThrow();
      checks.add(new Check("delta sharing", m.getDeltaSharingScope() != null, true,
          "scope " + m.getDeltaSharingScope(), "enable Delta Sharing on the metastore (account console)"));
      checks.add(new Check("open sharing", m.getDeltaSharingScope() == DeltaSharingScopeEnum.INTERNAL_AND_EXTERNAL,
          tokenRecipient, "scope " + m.getDeltaSharingScope() + (tokenRecipient ? "" : "; VERIFY falls back to a"
              + " warehouse count"), "allow external Delta Sharing (INTERNAL_AND_EXTERNAL) on the metastore"));
      Long seconds = m.getDeltaSharingRecipientTokenLifetimeInSeconds();
      checks.add(new Check("token lifetime", true, false, seconds == null || seconds == 0
          ? "metastore sets none; tokens expire after " + settings.tokenLifetime().toDays() + " days"
          : "metastore caps tokens at " + Duration.ofSeconds(seconds).toDays() + " days (setting "
              + settings.tokenLifetime().toDays() + ")", ""));
    }
    Result<GetWarehouseResponse> warehouse = read(() -> client.warehouses().get(settings.warehouseId()));
    boolean usable = warehouse.ok() && !Set.of(State.DELETED, State.DELETING).contains(warehouse.value().orElseThrow()
        .getState());
    checks.add(new Check("sql warehouse", usable, true, warehouse.ok() ? settings.warehouseId() + " is "
        + warehouse.value().orElseThrow().getState() + (usable ? ", starts on the first statement" : "")
        : warehouse.error(), "set databricks.warehouse-id to a Pro or Serverless SQL warehouse " + user + " has CAN USE on"));
    checks.add(privileges("catalog", SecurableType.CATALOG, settings.catalog(), user, owner(() ->
        client.catalogs().get(settings.catalog()).getOwner()), List.of("USE_CATALOG", "CREATE_SCHEMA"),
        "GRANT USE CATALOG, CREATE SCHEMA ON CATALOG `" + settings.catalog() + "` TO `" + user + "`"));
    if (connectorId != null) {
      checks.add(schema(connectorId, user));
    }
    checks.add(externalLocation(user));
    String metastore = summary.value().map(GetMetastoreSummaryResponse::getMetastoreId).orElse("");
    checks.add(privileges("create shares", SecurableType.METASTORE, metastore, user, Optional.empty(),
        List.of("CREATE_SHARE"), "GRANT CREATE SHARE ON METASTORE TO `" + user + "`"));
    checks.add(privileges("create recipients", SecurableType.METASTORE, metastore, user, Optional.empty(),
        List.of("CREATE_RECIPIENT"), "GRANT CREATE RECIPIENT ON METASTORE TO `" + user + "`"));
    return checks;
  }

  /** Onboarding would fail: a required check missed. */
  public static boolean wouldFail(List<Check> checks) {
    return checks.stream().anyMatch(c -> c.required() && !c.passed());
  }

  private Check schema(String connectorId, String user) {
    String schema = settings.catalog() + "." + DatabricksShareProvider.schemaName(
        new io.shareline.connector.spec.ConnectorSpec(connectorId, "", DatabricksShareProvider.NAME, "", List.of(), false));
    Result<SchemaInfo> existing = read(() -> client.schemas().get(schema));
    if (!existing.ok()) {
      return new Check("schema", existing.absent(), true, existing.absent() ? schema + " does not exist yet; it will be"
          + " created and owned by " + user : existing.error(), "grant USE SCHEMA on " + schema + " or remove it");
    }
    return privileges("schema", SecurableType.SCHEMA, schema, user, Optional.ofNullable(existing.value().orElseThrow()
        .getOwner()), List.of("USE_SCHEMA", "CREATE_TABLE"), "ALTER SCHEMA `" + schema.replace(".", "`.`")
        + "` OWNER TO `" + user + "` (it was created by someone else)");
  }

  private Check externalLocation(String user) {
    String root = settings.storageRoot();
    Result<List<ExternalLocationInfo>> all = read(() -> {
      List<ExternalLocationInfo> out = new ArrayList<>();
      client.externalLocations().list(new ListExternalLocationsRequest()).forEach(out::add);
      return out;
    });
    if (!all.ok()) {
      return new Check("external location", false, true, all.error(), "grant " + user + " BROWSE or CREATE EXTERNAL"
          + " TABLE on the external location covering " + root);
    }
    Optional<ExternalLocationInfo> covering = all.value().orElseThrow().stream().filter(l -> l.getUrl() != null)
        .filter(l -> root.equals(trim(l.getUrl())) || root.startsWith(trim(l.getUrl()) + "/"))
        .max(java.util.Comparator.comparingInt(l -> l.getUrl().length()));
    if (covering.isEmpty()) {
      return new Check("external location", false, true, "none covers " + root + " (or none is visible to " + user + ")",
          "CREATE EXTERNAL LOCATION on " + root + " with a storage credential, and GRANT CREATE EXTERNAL TABLE on it"
              + " TO `" + user + "`");
    }
    ExternalLocationInfo location = covering.get();
    return privileges("external location", SecurableType.EXTERNAL_LOCATION, location.getName(), user,
        Optional.ofNullable(location.getOwner()), List.of("CREATE_EXTERNAL_TABLE"),
        "GRANT CREATE EXTERNAL TABLE ON EXTERNAL LOCATION `" + location.getName() + "` TO `" + user + "`");
  }

  /** The principal owns the securable, or holds each privilege (directly, inherited, or ALL PRIVILEGES). */
  private Check privileges(String name, SecurableType type, String fullName, String user, Optional<String> owner,
      List<String> needed, String fix) {
    if (owner.isPresent() && owner.get().equals(user)) {
      return new Check(name, true, true, fullName + " is owned by " + user, fix);
    }
    Result<EffectivePermissionsList> effective = read(() -> client.grants().getEffective(new GetEffectiveRequest()
        .setSecurableType(type.toString()).setFullName(fullName).setPrincipal(user)));
    if (!effective.ok()) {
      return new Check(name, false, true, effective.error(), fix);
    }
    Set<String> held = new TreeSet<>();
    EffectivePermissionsList list = effective.value().orElseThrow();
    if (list.getPrivilegeAssignments() != null) {
      list.getPrivilegeAssignments().forEach(a -> {
        if (a.getPrivileges() != null) {
          a.getPrivileges().forEach(p -> held.add(String.valueOf(p.getPrivilege())));
        }
      });
    }
    List<String> missing = held.contains("ALL_PRIVILEGES") ? List.of()
        : needed.stream().filter(p -> !held.contains(p)).toList();
    String what = type == SecurableType.METASTORE ? "the metastore" : fullName;
    return new Check(name, missing.isEmpty(), true, missing.isEmpty() ? user + " holds " + needed + " on " + what
        : user + " lacks " + missing + " on " + what, fix);
  }

  private static Optional<String> owner(Supplier<String> read) {
    try {
      return Optional.ofNullable(read.get());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private <T> Check check(String name, Result<T> result, boolean required, java.util.function.Function<T, String> found,
      String fix) {
    return new Check(name, result.ok(), required, result.ok() ? found.apply(result.value().orElseThrow()) : result.error(),
        fix);
  }

  /** A read's value, or its classified error (scrubbed, with its code). */
  private record Result<T>(Optional<T> value, String error, boolean absent) {
    boolean ok() {
      return value.isPresent();
    }
  }

  private <T> Result<T> read(Supplier<T> body) {
    try {
      return new Result<>(Optional.ofNullable(body.get()), null, false);
    } catch (RuntimeException e) {
      ProviderException classified = errors.classify("read", e);
      String message = classified.getMessage();
      return new Result<>(Optional.empty(), classified.type() + ": " + message.substring(0, Math.min(message.length(), 200)),
          DatabricksErrors.absent(e));
    }
  }
}
