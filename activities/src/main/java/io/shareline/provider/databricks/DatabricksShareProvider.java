package io.shareline.provider.databricks;

import io.shareline.provider.ActivationOutbox;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.UserAgent;
import com.databricks.sdk.core.commons.CommonsHttpClient;
import com.databricks.sdk.core.error.platform.AlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceConflict;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.catalog.CreateSchema;
import com.databricks.sdk.service.catalog.CreateTableRequest;
import com.databricks.sdk.service.catalog.DataSourceFormat;
import com.databricks.sdk.service.catalog.SchemaInfo;
import com.databricks.sdk.service.catalog.TableInfo;
import com.databricks.sdk.service.catalog.TableType;
import com.databricks.sdk.service.sharing.AuthenticationType;
import com.databricks.sdk.service.sharing.CreateRecipient;
import com.databricks.sdk.service.sharing.CreateShare;
import com.databricks.sdk.service.sharing.GetShareRequest;
import com.databricks.sdk.service.sharing.PermissionsChange;
import com.databricks.sdk.service.sharing.PrivilegeAssignment;
import com.databricks.sdk.service.sharing.RecipientInfo;
import com.databricks.sdk.service.sharing.RecipientTokenInfo;
import com.databricks.sdk.service.sharing.RotateRecipientToken;
import com.databricks.sdk.service.sharing.ShareInfo;
import com.databricks.sdk.service.sharing.SharedDataObject;
import com.databricks.sdk.service.sharing.SharedDataObjectDataObjectType;
import com.databricks.sdk.service.sharing.SharedDataObjectHistoryDataSharingStatus;
import com.databricks.sdk.service.sharing.SharedDataObjectUpdate;
import com.databricks.sdk.service.sharing.SharedDataObjectUpdateAction;
import com.databricks.sdk.service.sharing.UpdateShare;
import com.databricks.sdk.service.sharing.UpdateSharePermissions;
import com.databricks.sdk.service.sql.Disposition;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequestOnWaitTimeout;
import com.databricks.sdk.service.sql.Format;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import io.shareline.common.Failures;
import io.shareline.connector.ConnectorSpec;
import io.shareline.connector.EmptyShareVerified;
import io.shareline.connector.Provisioned;
import io.shareline.connector.TokenRotated;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.provider.ProviderException;
import io.shareline.provider.ShareProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connector's tables in a Databricks workspace through databricks-sdk-java: one Unity Catalog schema
 * of external Delta tables per connector (the tables stay on S3 where the delivery engine writes them),
 * one share, one recipient (DATABRICKS by sharing identifier, or TOKEN for open sharing) holding SELECT
 * on it. Every call states the wanted end state: an object that already exists is read back and
 * accepted only if it is ours and as we would create it.
 *
 * <p>Share limit: the provider counts the share's tables and refuses, with {@code PROVIDER_LIMIT}, to
 * grow a share past {@code maxTablesPerShare} (at most Databricks' 1,000) instead of opening a second
 * share; it warns from 90% on, so ops can raise the limit or split the connector in time.
 */
public final class DatabricksShareProvider implements ShareProvider {
  public static final String NAME = "databricks";
  /** {@code <cloud>:<region>:<metastore uuid>}, as shown by {@code CURRENT_METASTORE()}. */
  static final Pattern SHARING_IDENTIFIER = Pattern.compile("^[a-z0-9]+:[a-z0-9-]+:[0-9a-fA-F-]{36}$");
  private static final Logger log = LoggerFactory.getLogger(DatabricksShareProvider.class);
  private static final String SELECT = "SELECT";
  private static final Duration STATEMENT_DEADLINE = Duration.ofMinutes(2);

  private final DatabricksSettings settings;
  private final WorkspaceClient client;
  private final DatabricksErrors errors;
  private final ActivationOutbox outbox;
  private final Clock clock;

  public DatabricksShareProvider(DatabricksSettings settings, ActivationOutbox outbox) {
    this(settings, outbox, Clock.systemUTC());
  }

  DatabricksShareProvider(DatabricksSettings settings, ActivationOutbox outbox, Clock clock) {
    this.settings = settings;
    this.client = new WorkspaceClient(config(settings));
    this.errors = new DatabricksErrors(settings.host(), principal(settings), settings.auth().secrets());
    this.outbox = outbox;
    this.clock = clock;
  }

  /** The SDK configuration: explicit auth only (no profile or ambient credentials), our user agent. */
  static DatabricksConfig config(DatabricksSettings settings) {
    UserAgent.withProduct("shareline", version());
    DatabricksConfig config = new DatabricksConfig().setHost(settings.host());
    if (settings.auth() instanceof DatabricksSettings.Pat pat) {
      config.setAuthType("pat").setToken(pat.token());
    } else if (settings.auth() instanceof DatabricksSettings.ServicePrincipal sp) {
      config.setAuthType("oauth-m2m").setClientId(sp.clientId()).setClientSecret(sp.clientSecret());
    }
    config.setHttpClient(new RetryAfterRecorder(new CommonsHttpClient.Builder().withDatabricksConfig(config).build()));
    return config;
  }

  static String version() {
    String v = DatabricksShareProvider.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }

  @Override
  public Provisioned provision(ConnectorSpec spec, String storagePath) {
    String location = ucLocation(storagePath);
    ensureSchema(spec);
    for (String table : MetadataTables.ALL) {
      ensureTable(spec, table, location + "/" + table);
    }
    ensureShare(spec);
    ensureRecipient(spec);
    ensureGrant(spec);
    return new Provisioned(shareName(spec), recipientName(spec), catalogSchema(spec), storagePath);
  }

  @Override
  public EmptyShareVerified verifyEmptyShare(ConnectorSpec spec, List<String> metadataTables) {
    ShareInfo share = readShare(spec);
    List<SharedDataObject> objects = objects(share);
    List<String> foreign = objects.stream().map(SharedDataObject::getName)
        .filter(n -> !n.startsWith(catalogSchema(spec) + ".")).toList();
    if (!foreign.isEmpty()) {
      throw new ProviderException(Failures.PROVIDER_CONFLICT, "share " + shareName(spec) + " holds objects of other"
          + " schemas " + foreign + ": it is not this connector's share; remove them or rename the share");
    }
    if (!granted(spec)) {
      throw new ProviderException(Failures.PROVIDER_PERMISSION_DENIED, "recipient " + recipientName(spec)
          + " holds no SELECT on share " + shareName(spec) + ": provision the connector again");
    }
    requireIntendedRecipient(spec, call("read recipient " + recipientName(spec),
        () -> client.recipients().get(recipientName(spec))));
    int dataTables = (int) objects.stream().map(o -> tableOf(o.getName())).filter(t -> !metadataTables.contains(t)).count();
    return new EmptyShareVerified(shareName(spec), recipientName(spec), true, dataTables);
  }

  @Override
  public void registerTables(ConnectorSpec spec, Map<String, String> locations) {
    locations.forEach((table, path) -> ensureTable(spec, table, ucLocation(path)));
  }

  @Override
  public List<String> addToShare(ConnectorSpec spec, List<String> tables) {
    return addToShare(spec, tables, true);
  }

  private List<String> addToShare(ConnectorSpec spec, List<String> tables, boolean mayRetry) {
    List<SharedDataObject> present = objects(readShare(spec));
    List<String> presentNames = present.stream().map(SharedDataObject::getName).toList();
    List<String> missing = tables.stream().distinct().map(t -> fullName(spec, t))
        .filter(full -> !presentNames.contains(full)).toList();
    requireRoom(spec, present.size(), missing.size());
    if (!missing.isEmpty()) {
      List<SharedDataObjectUpdate> updates = missing.stream()
          .map(full -> new SharedDataObjectUpdate().setAction(SharedDataObjectUpdateAction.ADD)
              .setDataObject(new SharedDataObject().setName(full)
                  .setDataObjectType(SharedDataObjectDataObjectType.TABLE)
                  .setHistoryDataSharingStatus(SharedDataObjectHistoryDataSharingStatus.ENABLED)
                  .setSharedAs(schemaName(spec) + "." + tableOf(full))))
          .toList();
      try {
        client.shares().update(new UpdateShare().setName(shareName(spec)).setUpdates(updates));
      } catch (RuntimeException e) {
        if (!alreadyExists(e) || !mayRetry) {
          throw errors.classify("add " + missing.size() + " table(s) to share " + shareName(spec), e);
        }
        // Another worker added some of them meanwhile: read the share again and add what is still missing.
        return addToShare(spec, tables, false);
      }
    }
    ensureGrant(spec);
    List<String> shared = new ArrayList<>(presentNames);
    shared.addAll(missing);
    return shared.stream().filter(n -> n.startsWith(catalogSchema(spec) + ".")).map(DatabricksShareProvider::tableOf)
        .toList();
  }

  @Override
  public boolean revoke(ConnectorSpec spec, boolean purge) {
    Optional<ShareInfo> share = optional(() -> client.shares().get(
        new GetShareRequest().setName(shareName(spec)).setIncludeSharedData(true)), "read share " + shareName(spec));
    boolean removed = false;
    if (share.isPresent() && granted(spec)) {
      call("remove SELECT of " + recipientName(spec) + " on share " + shareName(spec),
          () -> client.shares().updatePermissions(new UpdateSharePermissions().setName(shareName(spec))
              .setChanges(List.of(new PermissionsChange().setPrincipal(recipientName(spec)).setRemove(List.of(SELECT))))));
      removed = true;
    }
    if (optional(() -> client.recipients().get(recipientName(spec)), "read recipient").isPresent()) {
      try {
        client.recipients().delete(recipientName(spec));
      } catch (RuntimeException e) {
        if (!DatabricksErrors.is(e, ResourceDoesNotExist.class)) {
          throw errors.classify("delete recipient " + recipientName(spec), e);
        }
      }
    }
    if (share.isPresent() && granted(spec)) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, "recipient " + recipientName(spec)
          + " still holds SELECT on share " + shareName(spec) + " after revoke");
    }
    if (optional(() -> client.recipients().get(recipientName(spec)), "read recipient").isPresent()) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, "recipient " + recipientName(spec) + " still exists after revoke");
    }
    if (purge && share.isPresent()) {
      purge(spec, objects(share.get()));
    }
    return removed;
  }

  @Override
  public ShareView view(ConnectorSpec spec) {
    Map<String, String> tables = new LinkedHashMap<>();
    for (SharedDataObject o : objects(readShare(spec))) {
      if (o.getName().startsWith(catalogSchema(spec) + ".")) {
        tables.put(tableOf(o.getName()), o.getName());
      }
    }
    return new ShareView(shareName(spec), recipientName(spec), granted(spec), tables);
  }

  /** {@code SELECT COUNT(*)} on the SQL warehouse: what a reader of the catalog table sees. */
  @Override
  public OptionalLong countSharedRows(ConnectorSpec spec, String table) {
    String sql = "SELECT COUNT(*) FROM " + quoted(fullName(spec, table));
    StatementResponse response = call("count rows of " + fullName(spec, table), () -> client.statementExecution()
        .executeStatement(new ExecuteStatementRequest().setWarehouseId(settings.warehouseId()).setStatement(sql)
            .setWaitTimeout("30s").setOnWaitTimeout(ExecuteStatementRequestOnWaitTimeout.CONTINUE)
            .setFormat(Format.JSON_ARRAY).setDisposition(Disposition.INLINE)));
    Instant deadline = clock.instant().plus(STATEMENT_DEADLINE);
    while (isRunning(response) && clock.instant().isBefore(deadline)) {
      sleep(Duration.ofSeconds(1));
      String id = response.getStatementId();
      response = call("poll statement " + id, () -> client.statementExecution().getStatement(id));
    }
    StatementState state = response.getStatus() == null ? null : response.getStatus().getState();
    if (state != StatementState.SUCCEEDED) {
      String detail = response.getStatus() != null && response.getStatus().getError() != null
          ? errors.scrub(response.getStatus().getError().getMessage()) : "no detail";
      Failures type = state == StatementState.FAILED ? Failures.PROVIDER_INVALID : Failures.PROVIDER_TRANSIENT;
      throw new ProviderException(type, "row count of " + fullName(spec, table) + " on warehouse "
          + settings.warehouseId() + " ended " + state + ": " + detail);
    }
    try {
      return OptionalLong.of(Long.parseLong(response.getResult().getDataArray().iterator().next().iterator().next()));
    } catch (RuntimeException e) {
      throw new ProviderException(Failures.PROVIDER_INVALID, "row count of " + fullName(spec, table)
          + " returned no number (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public TokenRotated rotateToken(ConnectorSpec spec, Duration existingTokenExpiresIn) {
    if (isSharingIdentifier(spec.recipient())) {
      throw new ProviderException(Failures.PROVIDER_INVALID, "recipient " + recipientName(spec)
          + " authenticates by sharing identifier: it has no token to rotate");
    }
    RecipientInfo rotated = call("rotate the token of " + recipientName(spec), () -> client.recipients().rotateToken(
        new RotateRecipientToken().setName(recipientName(spec))
            .setExistingTokenExpireInSeconds(Math.max(0, existingTokenExpiresIn.toSeconds()))));
    return handOut(spec, rotated);
  }

  private void ensureSchema(ConnectorSpec spec) {
    CreateSchema wanted = new CreateSchema().setCatalogName(settings.catalog()).setName(schemaName(spec))
        .setComment(comment(spec));
    if (create("create schema " + catalogSchema(spec), () -> client.schemas().create(wanted)).isPresent()) {
      return;
    }
    SchemaInfo existing = call("read schema " + catalogSchema(spec), () -> client.schemas().get(catalogSchema(spec)));
    if (!comment(spec).equals(existing.getComment())) {
      throw conflict("schema " + catalogSchema(spec), "its comment is '" + existing.getComment() + "'");
    }
  }

  private void ensureTable(ConnectorSpec spec, String table, String location) {
    String full = fullName(spec, table);
    boolean exists = Boolean.TRUE.equals(call("check table " + full, () -> client.tables().exists(full)).getTableExists());
    if (!exists) {
      CreateTableRequest wanted = new CreateTableRequest().setCatalogName(settings.catalog())
          .setSchemaName(schemaName(spec)).setName(table).setTableType(TableType.EXTERNAL)
          .setDataSourceFormat(DataSourceFormat.DELTA).setStorageLocation(location);
      if (create("register table " + full, () -> client.tables().create(wanted)).isPresent()) {
        return;
      }
    }
    TableInfo existing = call("read table " + full, () -> client.tables().get(full));
    if (existing.getTableType() != TableType.EXTERNAL || !sameLocation(location, existing.getStorageLocation())) {
      throw conflict("table " + full, "it is " + existing.getTableType() + " at " + existing.getStorageLocation()
          + ", expected EXTERNAL at " + location);
    }
  }

  private void ensureShare(ConnectorSpec spec) {
    CreateShare wanted = new CreateShare().setName(shareName(spec)).setComment(comment(spec));
    if (create("create share " + shareName(spec), () -> client.shares().create(wanted)).isPresent()) {
      return;
    }
    ShareInfo existing = call("read share " + shareName(spec), () -> client.shares().get(shareName(spec)));
    if (!comment(spec).equals(existing.getComment())) {
      throw conflict("share " + shareName(spec), "its comment is '" + existing.getComment() + "'");
    }
  }

  private void ensureRecipient(ConnectorSpec spec) {
    boolean byIdentifier = isSharingIdentifier(spec.recipient());
    CreateRecipient wanted = new CreateRecipient().setName(recipientName(spec)).setComment(comment(spec))
        .setAuthenticationType(byIdentifier ? AuthenticationType.DATABRICKS : AuthenticationType.TOKEN);
    if (byIdentifier) {
      wanted.setDataRecipientGlobalMetastoreId(spec.recipient());
    } else {
      wanted.setExpirationTime(clock.instant().plus(settings.tokenLifetime()).toEpochMilli());
    }
    Optional<RecipientInfo> created = create("create recipient " + recipientName(spec),
        () -> client.recipients().create(wanted));
    if (created.isPresent()) {
      if (!byIdentifier) {
        handOutOrUndo(spec, created.get());
      }
      return;
    }
    requireIntendedRecipient(spec, call("read recipient " + recipientName(spec),
        () -> client.recipients().get(recipientName(spec))));
  }

  /** A link that cannot be handed out is lost: the recipient goes again, so the retry issues a fresh one. */
  private void handOutOrUndo(ConnectorSpec spec, RecipientInfo created) {
    try {
      handOut(spec, created);
    } catch (RuntimeException e) {
      try {
        client.recipients().delete(recipientName(spec));
      } catch (RuntimeException undo) {
        log.warn("could not delete recipient {} after its activation link was not delivered: {}",
            recipientName(spec), errors.classify("delete recipient", undo).getMessage());
      }
      throw e;
    }
  }

  private TokenRotated handOut(ConnectorSpec spec, RecipientInfo recipient) {
    RecipientTokenInfo token = newestToken(recipient).orElseThrow(() -> new ProviderException(
        Failures.PROVIDER_INVALID, "token recipient " + recipientName(spec) + " came back without a token"));
    String url = token.getActivationUrl() != null ? token.getActivationUrl() : recipient.getActivationUrl();
    Instant expires = token.getExpirationTime() == null ? null : Instant.ofEpochMilli(token.getExpirationTime());
    outbox.deliver(new ActivationOutbox.Activation(spec.connectorId(), recipientName(spec), token.getId(), url, expires));
    log.info("activation of recipient {} (token {}, expires {}) handed to the outbox", recipientName(spec),
        token.getId(), expires);
    return new TokenRotated(recipientName(spec), token.getId(), expires);
  }

  private void requireIntendedRecipient(ConnectorSpec spec, RecipientInfo r) {
    boolean byIdentifier = isSharingIdentifier(spec.recipient());
    AuthenticationType wantedType = byIdentifier ? AuthenticationType.DATABRICKS : AuthenticationType.TOKEN;
    if (r.getAuthenticationType() != wantedType) {
      throw conflict("recipient " + recipientName(spec), "it authenticates by " + r.getAuthenticationType()
          + ", expected " + wantedType);
    }
    if (byIdentifier && !spec.recipient().equals(r.getDataRecipientGlobalMetastoreId())) {
      throw conflict("recipient " + recipientName(spec), "its sharing identifier is "
          + r.getDataRecipientGlobalMetastoreId() + ", expected " + spec.recipient());
    }
    if (!byIdentifier) {
      Instant latest = clock.instant().plus(DatabricksSettings.MAX_TOKEN_LIFETIME);
      List<RecipientTokenInfo> tokens = r.getTokens() == null ? List.of() : List.copyOf(r.getTokens());
      if (tokens.isEmpty()) {
        throw new ProviderException(Failures.PROVIDER_INVALID, "token recipient " + recipientName(spec)
            + " has no token: run `shareline connector rotate-token` to issue one");
      }
      for (RecipientTokenInfo t : tokens) {
        if (t.getExpirationTime() == null || Instant.ofEpochMilli(t.getExpirationTime()).isAfter(latest)) {
          throw new ProviderException(Failures.PROVIDER_INVALID, "token " + t.getId() + " of recipient "
              + recipientName(spec) + " expires " + (t.getExpirationTime() == null ? "never" : Instant.ofEpochMilli(
                  t.getExpirationTime())) + ", more than 365 days ahead: set the metastore's recipient token"
              + " lifetime to at most 365 days and rotate the token");
        }
      }
    }
  }

  private void ensureGrant(ConnectorSpec spec) {
    if (!granted(spec)) {
      call("grant SELECT on share " + shareName(spec) + " to " + recipientName(spec),
          () -> client.shares().updatePermissions(new UpdateSharePermissions().setName(shareName(spec))
              .setChanges(List.of(new PermissionsChange().setPrincipal(recipientName(spec)).setAdd(List.of(SELECT))))));
    }
  }

  private boolean granted(ConnectorSpec spec) {
    Collection<PrivilegeAssignment> assignments = call("read permissions of share " + shareName(spec),
        () -> client.shares().sharePermissions(shareName(spec))).getPrivilegeAssignments();
    return assignments != null && assignments.stream().anyMatch(a -> recipientName(spec).equals(a.getPrincipal())
        && a.getPrivileges() != null && a.getPrivileges().stream().anyMatch(p -> SELECT.equals(p.name())));
  }

  private void requireRoom(ConnectorSpec spec, int present, int adding) {
    int limit = settings.maxTablesPerShare();
    if (present + adding > limit) {
      throw new ProviderException(Failures.PROVIDER_LIMIT, "share " + shareName(spec) + " holds " + present
          + " tables; adding " + adding + " would pass the limit of " + limit + " tables per share. Raise the"
          + " workspace limit and databricks.max-tables-per-share, or narrow the connector's workflow scope");
    }
    if (adding > 0 && (present + adding) * 10 >= limit * 9) {
      log.warn("share {} holds {} of at most {} tables", shareName(spec), present + adding, limit);
    }
  }

  private void purge(ConnectorSpec spec, List<SharedDataObject> objects) {
    if (!objects.isEmpty()) {
      call("unshare the tables of " + shareName(spec), () -> client.shares().update(new UpdateShare()
          .setName(shareName(spec)).setUpdates(objects.stream().map(o -> new SharedDataObjectUpdate()
              .setAction(SharedDataObjectUpdateAction.REMOVE).setDataObject(new SharedDataObject().setName(o.getName())))
              .toList())));
    }
    for (SharedDataObject o : objects) {
      try {
        client.tables().delete(o.getName());
      } catch (RuntimeException e) {
        if (!DatabricksErrors.is(e, ResourceDoesNotExist.class)) {
          throw errors.classify("drop table " + o.getName(), e);
        }
      }
    }
  }

  private ShareInfo readShare(ConnectorSpec spec) {
    return call("read share " + shareName(spec), () -> client.shares().get(
        new GetShareRequest().setName(shareName(spec)).setIncludeSharedData(true)));
  }

  private <T> T call(String operation, Supplier<T> body) {
    RetryAfterRecorder.clear();
    try {
      return body.get();
    } catch (RuntimeException e) {
      throw errors.classify(operation, e);
    }
  }

  private void call(String operation, Runnable body) {
    call(operation, () -> {
      body.run();
      return null;
    });
  }

  /** The created object, or empty when it already existed (the caller then reads it back). */
  private <T> Optional<T> create(String operation, Supplier<T> body) {
    RetryAfterRecorder.clear();
    try {
      return Optional.of(body.get());
    } catch (RuntimeException e) {
      if (alreadyExists(e)) {
        return Optional.empty();
      }
      throw errors.classify(operation, e);
    }
  }

  private <T> Optional<T> optional(Supplier<T> body, String operation) {
    RetryAfterRecorder.clear();
    try {
      return Optional.of(body.get());
    } catch (RuntimeException e) {
      if (DatabricksErrors.is(e, ResourceDoesNotExist.class)) {
        return Optional.empty();
      }
      throw errors.classify(operation, e);
    }
  }

  /** RESOURCE_ALREADY_EXISTS, ALREADY_EXISTS, or a 409 with an object-specific code (SCHEMA_ALREADY_EXISTS…). */
  private static boolean alreadyExists(RuntimeException e) {
    return DatabricksErrors.is(e, ResourceAlreadyExists.class) || DatabricksErrors.is(e, AlreadyExists.class)
        || DatabricksErrors.is(e, ResourceConflict.class);
  }

  private static ProviderException conflict(String object, String why) {
    return new ProviderException(Failures.PROVIDER_CONFLICT, object + " already exists but is not the one Shareline"
        + " provisions for this connector: " + why + ". Remove or rename it in the workspace, then retry.");
  }

  private static boolean isRunning(StatementResponse r) {
    StatementState s = r.getStatus() == null ? null : r.getStatus().getState();
    return s == StatementState.PENDING || s == StatementState.RUNNING;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(Failures.PROVIDER_TRANSIENT, "interrupted while waiting for a statement");
    }
  }

  private static Optional<RecipientTokenInfo> newestToken(RecipientInfo r) {
    return r.getTokens() == null ? Optional.empty() : r.getTokens().stream()
        .max(Comparator.comparing(t -> t.getCreatedAt() == null ? 0L : t.getCreatedAt()));
  }

  private static List<SharedDataObject> objects(ShareInfo share) {
    return share.getObjects() == null ? List.of() : List.copyOf(share.getObjects());
  }

  /** Delta tables are written through S3A; Unity Catalog knows the same objects as {@code s3://}. */
  String ucLocation(String path) {
    String location = path.startsWith("s3a://") ? "s3://" + path.substring("s3a://".length()) : path;
    if (!location.equals(settings.storageRoot()) && !location.startsWith(settings.storageRoot() + "/")) {
      throw new ProviderException(Failures.CONFIG_INVALID, "table location " + location + " is outside"
          + " databricks.storage-root " + settings.storageRoot() + ": put the worker's data folder under it");
    }
    return location;
  }

  private static boolean sameLocation(String a, String b) {
    return b != null && Objects.equals(trim(a), trim(b));
  }

  private static String trim(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  static boolean isSharingIdentifier(String recipient) {
    return recipient != null && SHARING_IDENTIFIER.matcher(recipient).matches();
  }

  private static String quoted(String fullName) {
    return "`" + String.join("`.`", fullName.split("\\.")) + "`";
  }

  private static String tableOf(String fullName) {
    return fullName.substring(fullName.lastIndexOf('.') + 1);
  }

  private static String id(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }

  static String schemaName(ConnectorSpec spec) {
    return "shareline_" + id(spec.connectorId());
  }

  static String shareName(ConnectorSpec spec) {
    return "shareline_" + id(spec.connectorId());
  }

  static String recipientName(ConnectorSpec spec) {
    if (isSharingIdentifier(spec.recipient()) || spec.recipient() == null || spec.recipient().isBlank()) {
      return "shareline_" + id(spec.connectorId());
    }
    return id(spec.recipient());
  }

  private static String comment(ConnectorSpec spec) {
    return "shareline connector " + spec.connectorId();
  }

  private String catalogSchema(ConnectorSpec spec) {
    return settings.catalog() + "." + schemaName(spec);
  }

  private String fullName(ConnectorSpec spec, String table) {
    return catalogSchema(spec) + "." + table;
  }

  private static String principal(DatabricksSettings settings) {
    return settings.auth() instanceof DatabricksSettings.ServicePrincipal sp
        ? "service principal " + sp.clientId() : "the token's user";
  }
}
