package io.shareline.provider.databricks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.UserAgent;
import com.databricks.sdk.core.commons.CommonsHttpClient;
import com.databricks.sdk.service.catalog.DeltaSharingScopeEnum;
import com.databricks.sdk.service.catalog.GetMetastoreSummaryResponse;
import com.databricks.sdk.service.sharing.CreateShare;
import com.databricks.sdk.service.sharing.GetShareRequest;
import com.databricks.sdk.service.sharing.PermissionsChange;
import com.databricks.sdk.service.sharing.PrivilegeAssignment;
import com.databricks.sdk.service.sharing.ShareInfo;
import com.databricks.sdk.service.sharing.SharedDataObject;
import com.databricks.sdk.service.sharing.SharedDataObjectDataObjectType;
import com.databricks.sdk.service.sharing.SharedDataObjectHistoryDataSharingStatus;
import com.databricks.sdk.service.sharing.SharedDataObjectStatus;
import com.databricks.sdk.service.sharing.SharedDataObjectUpdate;
import com.databricks.sdk.service.sharing.SharedDataObjectUpdateAction;
import com.databricks.sdk.service.sharing.UpdateShare;
import com.databricks.sdk.service.sharing.UpdateSharePermissions;
import io.shareline.common.Failures;
import io.shareline.connector.EmptyShareVerified;
import io.shareline.connector.Provisioned;
import io.shareline.connector.TokenRotated;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.progress.Progress;
import io.shareline.provider.ActivationOutbox;
import io.shareline.provider.ProviderException;
import io.shareline.provider.ShareProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * <p>Tables are created with SQL on the configured warehouse ({@code CREATE TABLE IF NOT EXISTS … USING
 * DELTA LOCATION …}, the GA path: Unity Catalog reads the columns from the Delta log), and a replaced
 * {@code __latest} is brought in step with {@code REPAIR TABLE … SYNC METADATA}.
 *
 * <p>Share limit: the provider counts the share's tables and refuses, with {@code PROVIDER_LIMIT}, to
 * grow a share past {@code maxTablesPerShare} (at most Databricks' 1,000) instead of opening a second
 * share; it warns from 90% on, so ops can raise the limit or split the connector in time. A share update
 * carries at most {@link #MAX_UPDATES_PER_REQUEST} object changes.
 *
 * <p>VERIFY reads the share through the open sharing protocol as a Shareline-owned verifier recipient
 * when the metastore allows open sharing; otherwise it falls back to the shared object's status plus a
 * warehouse count, and says so in the ledger and in the connector's status.
 */
public final class DatabricksShareProvider implements ShareProvider {
  public static final String NAME = "databricks";
  /** {@code <cloud>:<region>:<metastore uuid>}, as shown by {@code CURRENT_METASTORE()}. */
  static final Pattern SHARING_IDENTIFIER = Pattern.compile("^[a-z0-9]+:[a-z0-9-]+:[0-9a-fA-F-]{36}$");
  private static final Logger log = LoggerFactory.getLogger(DatabricksShareProvider.class);
  /** Object changes per share update request, as Databricks documents. */
  static final int MAX_UPDATES_PER_REQUEST = 100;
  static final String PROOF_PROTOCOL = "recipient read through the open sharing protocol";
  static final String PROOF_FALLBACK = "shared object status and warehouse count (the metastore allows no open sharing)";
  private static final String SELECT = "SELECT";

  private final DatabricksSettings settings;
  private final WorkspaceClient client;
  private final DatabricksErrors errors;
  private final ActivationOutbox outbox;
  private final Clock clock;
  private final SqlWarehouse warehouse;
  private final VerifierRecipient verifier;
  private final CatalogTables catalog;
  private final CustomerRecipient recipients;
  private volatile GetMetastoreSummaryResponse metastore;

  public DatabricksShareProvider(DatabricksSettings settings, ActivationOutbox outbox) {
    this(settings, outbox, DeltaSharingProtocolReader::new, Clock.systemUTC());
  }

  /** With another protocol reader for the verifier (the shared Delta Sharing client, a test's). */
  public DatabricksShareProvider(DatabricksSettings settings, ActivationOutbox outbox,
      RecipientShareReader.Factory readers, Clock clock) {
    this.settings = settings;
    this.client = new WorkspaceClient(config(settings));
    this.errors = new DatabricksErrors(settings.host(), principal(settings), settings.auth().secrets());
    this.outbox = outbox;
    this.clock = clock;
    this.warehouse = new SqlWarehouse(client, settings.warehouseId(), errors, clock);
    this.verifier = new VerifierRecipient(client, errors, readers, clock);
    this.catalog = new CatalogTables(client, errors, warehouse, settings.storageRoot());
    this.recipients = new CustomerRecipient(client, errors, outbox, clock);
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
    String location = catalog.ucLocation(storagePath);
    catalog.ensureSchema(settings.catalog(), schemaName(spec), comment(spec));
    for (String table : MetadataTables.ALL) {
      catalog.ensureTable(fullName(spec, table), location + "/" + table, comment(spec));
    }
    ensureShare(spec);
    ensureRecipient(spec);
    ensureGrant(spec);
    if (openSharing()) {
      verifier.ensure(verifierName(spec), "shareline verifier of connector " + spec.connectorId(),
          clock.instant().plus(tokenLifetime()));
      grant(spec, verifierName(spec));
    }
    return new Provisioned(shareName(spec), recipientName(spec), catalogSchema(spec), storagePath,
        openSharing() ? PROOF_PROTOCOL + " as " + verifierName(spec) : PROOF_FALLBACK);
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
    recipients.requireIntended(spec, recipientName(spec));
    int dataTables = (int) objects.stream().map(o -> tableOf(o.getName())).filter(t -> !metadataTables.contains(t)).count();
    return new EmptyShareVerified(shareName(spec), recipientName(spec), true, dataTables);
  }

  @Override
  public void registerTables(ConnectorSpec spec, Map<String, String> locations) {
    locations.forEach((table, path) -> {
      boolean existed = catalog.ensureTable(fullName(spec, table), catalog.ucLocation(path), comment(spec));
      if (existed && table.endsWith("__latest")) {
        // __latest was replaced in place, maybe with new columns.
        catalog.syncMetadata(fullName(spec, table));
      }
    });
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
        updateShare(spec, updates);
      } catch (RuntimeException e) {
        if (!DatabricksErrors.alreadyExists(e) || !mayRetry) {
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
    Optional<ShareInfo> share = errors.optional("read share " + shareName(spec), () -> client.shares().get(
        new GetShareRequest().setName(shareName(spec)).setIncludeSharedData(true)));
    boolean removed = false;
    if (share.isPresent() && granted(spec)) {
      call("remove SELECT of " + recipientName(spec) + " on share " + shareName(spec),
          () -> client.shares().updatePermissions(new UpdateSharePermissions().setName(shareName(spec))
              .setChanges(List.of(new PermissionsChange().setPrincipal(recipientName(spec)).setRemove(List.of(SELECT))))));
      removed = true;
    }
    for (String recipient : List.of(recipientName(spec), verifierName(spec))) {
      if (errors.optional("read recipient " + recipient, () -> client.recipients().get(recipient)).isPresent()) {
        try {
          client.recipients().delete(recipient);
        } catch (RuntimeException e) {
          if (!DatabricksErrors.absent(e)) {
            throw errors.classify("delete recipient " + recipient, e);
          }
        }
      }
    }
    verifier.forget(verifierName(spec));
    if (share.isPresent() && granted(spec)) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, "recipient " + recipientName(spec)
          + " still holds SELECT on share " + shareName(spec) + " after revoke");
    }
    if (errors.optional("read recipient " + recipientName(spec), () -> client.recipients().get(recipientName(spec))).isPresent()) {
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

  /**
   * The verifier recipient reads the table through the open sharing protocol; where the metastore
   * allows no open sharing, the shared object's status and a warehouse count stand in.
   */
  @Override
  public String proveShared(ConnectorSpec spec, ExpectedTable expected) {
    if (openSharing()) {
      verifier.prove(verifierName(spec), shareName(spec), schemaName(spec), expected);
      return PROOF_PROTOCOL + " as " + verifierName(spec);
    }
    String full = fullName(spec, expected.name());
    SharedDataObject shared = objects(readShare(spec)).stream().filter(o -> full.equals(o.getName())).findFirst()
        .orElseThrow(() -> new ProviderException(Failures.VERIFY_MISMATCH, full + " is not in share " + shareName(spec)));
    if (shared.getStatus() != null && shared.getStatus() != SharedDataObjectStatus.ACTIVE) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, full + " is " + shared.getStatus() + " in share "
          + shareName(spec) + ": recipients cannot read it. Give the share's owner SELECT on the table again.");
    }
    long counted = catalog.countRows(full);
    if (counted != expected.rows()) {
      throw new ProviderException(Failures.VERIFY_MISMATCH, full + " counts " + counted + " rows on warehouse "
          + settings.warehouseId() + ", the table holds " + expected.rows());
    }
    return PROOF_FALLBACK;
  }

  @Override
  public TokenRotated rotateToken(ConnectorSpec spec, Duration existingTokenExpiresIn) {
    if (isSharingIdentifier(spec.recipient())) {
      throw new ProviderException(Failures.PROVIDER_INVALID, "recipient " + recipientName(spec)
          + " authenticates by sharing identifier: it has no token to rotate");
    }
    return recipients.rotate(spec, recipientName(spec), existingTokenExpiresIn);
  }

  private void ensureShare(ConnectorSpec spec) {
    CreateShare wanted = new CreateShare().setName(shareName(spec)).setComment(comment(spec));
    if (errors.create("create share " + shareName(spec), () -> client.shares().create(wanted)).isPresent()) {
      return;
    }
    ShareInfo existing = call("read share " + shareName(spec), () -> client.shares().get(shareName(spec)));
    if (!comment(spec).equals(existing.getComment())) {
      throw DatabricksErrors.conflict("share " + shareName(spec), "its comment is '" + existing.getComment() + "'");
    }
  }

  private void ensureRecipient(ConnectorSpec spec) {
    Instant tokenExpiry = null;
    if (!isSharingIdentifier(spec.recipient())) {
      if (!openSharing()) {
        throw new ProviderException(Failures.PROVIDER_CONFIG, "connector " + spec.connectorId() + " names a token"
            + " recipient (" + spec.recipient() + ") but the metastore allows no open sharing (delta_sharing_scope "
            + metastore().getDeltaSharingScope() + "): enable external Delta Sharing on the metastore, or give the"
            + " customer's sharing identifier instead");
      }
      tokenExpiry = clock.instant().plus(tokenLifetime());
    }
    recipients.ensure(spec, recipientName(spec), comment(spec), tokenExpiry);
  }

  private void ensureGrant(ConnectorSpec spec) {
    grant(spec, recipientName(spec));
  }

  /** SELECT on the share for a recipient, unless it holds it; granting needs the recipient's ownership. */
  private void grant(ConnectorSpec spec, String recipient) {
    if (!granted(spec, recipient)) {
      call("grant SELECT on share " + shareName(spec) + " to " + recipient,
          () -> client.shares().updatePermissions(new UpdateSharePermissions().setName(shareName(spec))
              .setChanges(List.of(new PermissionsChange().setPrincipal(recipient).setAdd(List.of(SELECT))))));
    }
  }

  private boolean granted(ConnectorSpec spec) {
    return granted(spec, recipientName(spec));
  }

  private boolean granted(ConnectorSpec spec, String recipient) {
    Collection<PrivilegeAssignment> assignments = call("read permissions of share " + shareName(spec),
        () -> client.shares().sharePermissions(shareName(spec))).getPrivilegeAssignments();
    return assignments != null && assignments.stream().anyMatch(a -> recipient.equals(a.getPrincipal())
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
    try {
      updateShare(spec, objects.stream().map(o -> new SharedDataObjectUpdate()
          .setAction(SharedDataObjectUpdateAction.REMOVE).setDataObject(new SharedDataObject().setName(o.getName())))
          .toList());
    } catch (RuntimeException e) {
      throw errors.classify("unshare the tables of " + shareName(spec), e);
    }
    objects.forEach(o -> catalog.drop(o.getName()));
  }

  /** One request per {@link #MAX_UPDATES_PER_REQUEST} changes; each is whole on its own, so a retry resumes. */
  private void updateShare(ConnectorSpec spec, List<SharedDataObjectUpdate> updates) {
    for (int from = 0; from < updates.size(); from += MAX_UPDATES_PER_REQUEST) {
      List<SharedDataObjectUpdate> chunk = updates.subList(from, Math.min(updates.size(), from + MAX_UPDATES_PER_REQUEST));
      RetryAfterRecorder.clear();
      Progress.beat("share update " + (from / MAX_UPDATES_PER_REQUEST + 1));
      client.shares().update(new UpdateShare().setName(shareName(spec)).setUpdates(chunk));
    }
  }

  /** Token recipients' lifetime: the setting, capped by the metastore's recipient token lifetime and 365 days. */
  Duration tokenLifetime() {
    Duration lifetime = settings.tokenLifetime();
    Long metastoreSeconds = metastore().getDeltaSharingRecipientTokenLifetimeInSeconds();
    if (metastoreSeconds != null && metastoreSeconds > 0 && Duration.ofSeconds(metastoreSeconds).compareTo(lifetime) < 0) {
      lifetime = Duration.ofSeconds(metastoreSeconds);
    }
    return lifetime.compareTo(DatabricksSettings.MAX_TOKEN_LIFETIME) > 0 ? DatabricksSettings.MAX_TOKEN_LIFETIME : lifetime;
  }

  /** Open sharing (TOKEN recipients) needs the metastore's external Delta Sharing. */
  private boolean openSharing() {
    return metastore().getDeltaSharingScope() == DeltaSharingScopeEnum.INTERNAL_AND_EXTERNAL;
  }

  private GetMetastoreSummaryResponse metastore() {
    GetMetastoreSummaryResponse known = metastore;
    if (known == null) {
      known = call("read the metastore summary", () -> client.metastores().summary());
      metastore = known;
    }
    return known;
  }

  private ShareInfo readShare(ConnectorSpec spec) {
    return call("read share " + shareName(spec), () -> client.shares().get(
        new GetShareRequest().setName(shareName(spec)).setIncludeSharedData(true)));
  }

  private <T> T call(String operation, Supplier<T> body) {
    return errors.call(operation, body);
  }

  private void call(String operation, Runnable body) {
    call(operation, () -> {
      body.run();
      return null;
    });
  }

  private static List<SharedDataObject> objects(ShareInfo share) {
    return share.getObjects() == null ? List.of() : List.copyOf(share.getObjects());
  }

  public static boolean isSharingIdentifier(String recipient) {
    return recipient != null && SHARING_IDENTIFIER.matcher(recipient).matches();
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

  /**
   * One recipient per connector, whatever the customer: two connectors for one customer never share a
   * recipient, so revoking one leaves the other.
   */
  static String recipientName(ConnectorSpec spec) {
    return "shareline_" + id(spec.connectorId());
  }

  /** The connector's own verifier: a TOKEN recipient only Shareline reads with. */
  static String verifierName(ConnectorSpec spec) {
    return "shareline_" + id(spec.connectorId()) + "_verifier";
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
