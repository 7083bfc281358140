package io.shareline.provider.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import static io.shareline.provider.databricks.EmulatorContract.fields;
import static io.shareline.provider.databricks.EmulatorContract.oneOf;
import static io.shareline.provider.databricks.EmulatorContract.require;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.shareline.delta.DeltaTables;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * A stateful HTTP emulator of the Unity Catalog, Delta Sharing, statement-execution, SCIM and OIDC
 * endpoints DatabricksShareProvider and its preflight call, on 127.0.0.1. It keeps the metastore
 * summary, catalogs, external locations, schemas and tables; shares, recipients with their tokens and
 * share permissions ({@link EmulatedShares}); a SQL warehouse ({@link EmulatedWarehouse}) and the open
 * sharing endpoint ({@link EmulatedSharingServer}) over the same tables. Every call is checked
 * against Unity Catalog's privilege model ({@link EmulatedGrants}: owners, USE CATALOG, USE SCHEMA,
 * CREATE EXTERNAL TABLE, CREATE SHARE, CREATE RECIPIENT, SET SHARE PERMISSION…) and against the
 * documented fields ({@link EmulatorContract}: unknown or missing required fields answer 400
 * INVALID_PARAMETER_VALUE, a share update of more than 100 changes too), with the documented error bodies ({@code {"error_code","message"}}).
 * It can inject faults (429 with Retry-After, 503), latency, denials and a table hidden from
 * recipients, and records every call so tests can assert sequences and that no secret travels where it
 * should not.
 */
public final class DatabricksEmulator implements AutoCloseable {
  public static final String WAREHOUSE_ID = "emulated-warehouse";
  /** The user a personal access token authenticates. */
  public static final String TOKEN_USER = "shareline@example.com";
  public static final String METASTORE_ID = "19a85dee-54bc-43a2-87ab-023d0ec16013";
  public static final int MAX_SHARE_UPDATES = 100;
  static final String SHARING_PREFIX = "/api/2.0/delta-sharing/metastores/" + METASTORE_ID;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as it arrived, and the status it got. */
  public record Call(String method, String path, String query, String body, Map<String, String> headers, int status) {
    public String line() {
      return method + " " + path + (query == null ? "" : "?" + query);
    }
  }

  /**
   * An answer forced on the next matching request. With {@code afterApply} the request takes effect
   * first and only its answer is lost, as when a connection drops after the server committed.
   */
  public record Fault(String method, String pathPrefix, int status, String errorCode, Integer retryAfterSeconds,
      boolean afterApply) {
    public Fault(String method, String pathPrefix, int status, String errorCode, Integer retryAfterSeconds) {
      this(method, pathPrefix, status, errorCode, retryAfterSeconds, false);
    }
  }

  private final HttpServer server;
  private final DeltaTables tables;
  private final String token;
  private final String clientId;
  private final String clientSecret;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
  private final Set<String> denied = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Set<String> accessTokens = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile Duration latency = Duration.ZERO;
  final EmulatedGrants grants = new EmulatedGrants();
  final EmulatedWarehouse warehouse = new EmulatedWarehouse(new Statements());
  private final EmulatedSharingServer sharingServer;

  // State, guarded by this.
  private final Set<String> catalogs = new LinkedHashSet<>();
  private final Map<String, String> externalLocations = new TreeMap<>();
  private final Set<String> warehouseUsers = new LinkedHashSet<>();

  private final Map<String, ObjectNode> schemas = new TreeMap<>();
  private final Map<String, ObjectNode> tablesByName = new TreeMap<>();
  private final EmulatedShares sharing = new EmulatedShares(this, grants, tablesByName, this::host);

  private DatabricksEmulator(Configuration hadoopConf, String token, String clientId, String clientSecret)
      throws IOException {
    this.tables = new DeltaTables(hadoopConf);
    this.token = token;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.sharingServer = new EmulatedSharingServer(sharing, tables);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.start();
  }

  /** Accepts a personal access token. */
  public static DatabricksEmulator withToken(Configuration hadoopConf, String token) throws IOException {
    return new DatabricksEmulator(hadoopConf, token, null, null);
  }

  /** Accepts OAuth M2M: client credentials in the token request's Basic header, then the issued token. */
  public static DatabricksEmulator withServicePrincipal(Configuration hadoopConf, String clientId, String clientSecret)
      throws IOException {
    return new DatabricksEmulator(hadoopConf, null, clientId, clientSecret);
  }

  public String host() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A catalog owned by the metastore's admins (not by the principal Shareline runs as). */
  public synchronized DatabricksEmulator catalog(String name) {
    catalogs.add(name);
    grants.own("catalog:" + name, "admins");
    return this;
  }

  /** An external location covering {@code url} (s3://…), owned by the admins. */
  public synchronized DatabricksEmulator externalLocation(String name, String url) {
    externalLocations.put(name, url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    grants.own("external_location:" + name, "admins");
    return this;
  }

  /** The metastore's Delta Sharing scope (INTERNAL or INTERNAL_AND_EXTERNAL) and token lifetime (0: none). */
  public synchronized DatabricksEmulator metastore(String scope, long recipientTokenLifetimeSeconds) {
    sharing.sharingScope = scope;
    sharing.tokenLifetimeSeconds = recipientTokenLifetimeSeconds;
    return this;
  }

  /** Grants privileges (REST spelling, e.g. USE_CATALOG) on a securable such as {@code catalog:main}. */
  public DatabricksEmulator grant(String securable, String principal, String... privileges) {
    grants.grant(securable, principal, privileges);
    return this;
  }

  public DatabricksEmulator revoke(String securable, String principal, String privilege) {
    grants.revoke(securable, principal, privilege);
    return this;
  }

  public synchronized DatabricksEmulator warehouseUser(String principal) {
    warehouseUsers.add(principal);
    return this;
  }

  public synchronized DatabricksEmulator revokeWarehouseUse(String principal) {
    warehouseUsers.remove(principal);
    return this;
  }

  /** Statements answer PENDING, then RUNNING, … for this many polls before they finish. */
  public void statementPolls(int polls) {
    warehouse.pollsToFinish(polls);
  }

  /** The sharing server neither lists nor serves this table, although the share holds it. */
  public synchronized void hideFromSharing(String fullName) {
    sharing.hidden.add(fullName);
  }

  /** Registers an external table straight into the catalog, owned by the principal, as its own CREATE would. */
  public synchronized void putTable(String fullName, String location) {
    String[] parts = fullName.split("\\.");
    tablesByName.put(fullName, JSON.createObjectNode().put("name", parts[2]).put("catalog_name", parts[0])
        .put("schema_name", parts[1]).put("full_name", fullName).put("table_type", "EXTERNAL")
        .put("data_source_format", "DELTA").put("storage_location", location).put("owner", principal()));
    grants.own("table:" + fullName, principal());
  }

  /** The principal that a PAT or the service principal authenticates as. */
  public String principal() {
    return clientId != null ? clientId : TOKEN_USER;
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Request lines of the calls to {@code /api/}, in order. */
  public List<String> apiCalls() {
    return calls.stream().filter(c -> c.path().startsWith("/api/")).map(Call::line).toList();
  }

  public void clearCalls() {
    calls.clear();
  }

  public void inject(Fault fault) {
    faults.add(fault);
  }

  public void latency(Duration perRequest) {
    latency = perRequest;
  }

  /** Every request whose method and path start so answers 403 PERMISSION_DENIED. */
  public void deny(String method, String pathPrefix) {
    denied.add(method + " " + pathPrefix);
  }

  public void allowAll() {
    denied.clear();
  }

  /** Calls carrying {@code secret} anywhere but the one header meant for it. */
  public List<Call> leaksOf(String secret) {
    List<Call> leaks = new ArrayList<>();
    for (Call c : calls) {
      boolean leaked = contains(c.path(), secret) || contains(c.query(), secret) || contains(c.body(), secret);
      for (Map.Entry<String, String> h : c.headers().entrySet()) {
        boolean allowed = h.getKey().equalsIgnoreCase("Authorization") && (
            (secret.equals(token) && h.getValue().equals("Bearer " + token))
                || (secret.equals(clientSecret) && c.path().equals("/oidc/v1/token")));
        leaked |= !allowed && contains(h.getValue(), secret);
      }
      if (leaked) {
        leaks.add(c);
      }
    }
    return leaks;
  }

  // ---- state, for assertions and for staging a mismatch ----

  public synchronized Map<String, ObjectNode> shares() {
    return Map.copyOf(sharing.shares);
  }

  public synchronized ObjectNode recipient(String name) {
    return sharing.recipients.get(name);
  }

  public synchronized ObjectNode table(String fullName) {
    return tablesByName.get(fullName);
  }

  public synchronized Set<String> privileges(String share, String principal) {
    return Set.copyOf(sharing.permissions.getOrDefault(share, Map.of()).getOrDefault(principal, Set.of()));
  }

  /** Puts an object straight into the state, as a person working as the same principal would have. */
  public synchronized void putShare(String name, String comment) {
    sharing.shares.put(name, JSON.createObjectNode().put("name", name).put("comment", comment).put("owner", principal())
        .set("objects", JSON.createArrayNode()));
    grants.own("share:" + name, principal());
  }

  public synchronized void putRecipient(String name, String type, String sharingId, Instant tokenExpiry) {
    ObjectNode r = JSON.createObjectNode().put("name", name).put("authentication_type", type)
        .put("comment", "someone else");
    if (sharingId != null) {
      r.put("data_recipient_global_metastore_id", sharingId);
    }
    ArrayNode tokens = r.putArray("tokens");
    if (tokenExpiry != null) {
      tokens.add(JSON.createObjectNode().put("id", UUID.randomUUID().toString())
          .put("expiration_time", tokenExpiry.toEpochMilli()).put("created_at", Instant.now().toEpochMilli()));
    }
    sharing.recipients.put(name, r);
    grants.own("recipient:" + name, principal());
  }

  public synchronized void revokeGrant(String share, String principal) {
    sharing.permissions.getOrDefault(share, new HashMap<>()).remove(principal);
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  // ---- HTTP ----

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    String query = ex.getRequestURI().getRawQuery();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
    Answer answer;
    try {
      if (!latency.isZero()) {
        Thread.sleep(latency.toMillis());
      }
      answer = route(method, path, query, body, headers);
    } catch (EmulatorError e) {
      answer = error(e.status, e.code, e.getMessage());
    } catch (Exception e) {
      answer = error(500, "INTERNAL_ERROR", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    calls.add(new Call(method, path, query, body, java.util.Collections.unmodifiableMap(headers), answer.status));
    byte[] bytes = answer.body == null ? new byte[0] : answer.body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    answer.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(answer.status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private record Answer(int status, String body, Map<String, String> headers) {}

  private Answer route(String method, String path, String query, String body, Map<String, String> headers)
      throws Exception {
    if (path.equals("/.well-known/databricks-config")) {
      return new Answer(404, "", Map.of());
    }
    if (path.equals("/oidc/.well-known/oauth-authorization-server") && method.equals("GET")) {
      return ok(JSON.createObjectNode().put("authorization_endpoint", host() + "/oidc/v1/authorize")
          .put("token_endpoint", host() + "/oidc/v1/token"));
    }
    if (path.equals("/oidc/v1/token") && method.equals("POST")) {
      return issueToken(body, headers);
    }
    if (!path.startsWith("/api/")) {
      throw new EmulatorError(404, "ENDPOINT_NOT_FOUND", "no endpoint " + method + " " + path);
    }
    if (path.startsWith(SHARING_PREFIX + "/")) {
      return shareAsRecipient(method, path.substring(SHARING_PREFIX.length()), body, headers);
    }
    if (path.startsWith("/api/2.1/unity-catalog/public/data_sharing_activation/") && method.equals("GET")) {
      synchronized (this) {
        return ok(sharing.activate(path.substring(path.lastIndexOf('/') + 1)));
      }
    }
    String principal = authenticate(headers);
    Fault fault = null;
    for (Iterator<Fault> it = faults.iterator(); it.hasNext() && fault == null; ) {
      Fault f = it.next();
      if (f.method().equals(method) && path.startsWith(f.pathPrefix())) {
        it.remove();
        fault = f;
      }
    }
    if (fault != null && !fault.afterApply()) {
      return injected(fault);
    }
    for (String d : denied) {
      if ((method + " " + path).startsWith(d)) {
        throw new EmulatorError(403, "PERMISSION_DENIED", "User does not have the privilege required for " + method
            + " " + path);
      }
    }
    JsonNode json = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    Map<String, String> params = params(query);
    Answer answer;
    synchronized (this) {
      answer = dispatch(principal, method, path, json, params);
    }
    return fault == null ? answer : injected(fault);
  }

  private static Answer injected(Fault f) {
    Answer a = error(f.status(), f.errorCode(), "injected " + f.status());
    return f.retryAfterSeconds() == null ? a
        : new Answer(a.status, a.body, Map.of("Retry-After", Integer.toString(f.retryAfterSeconds())));
  }

  private Answer dispatch(String who, String method, String path, JsonNode body, Map<String, String> params)
      throws Exception {
    String uc = "/api/2.1/unity-catalog/";
    Matcher m;
    if (method.equals("GET") && path.equals(uc + "metastore_summary")) {
      return ok(metastoreSummary());
    }
    if (method.equals("GET") && path.equals("/api/2.0/preview/scim/v2/Me")) {
      return ok(JSON.createObjectNode().put("id", Integer.toString(Math.abs(who.hashCode()))).put("userName", who)
          .put("active", true));
    }
    if ((m = match(uc + "catalogs/([^/]+)", path)) != null && method.equals("GET")) {
      if (!catalogs.contains(m.group(1))) {
        throw new EmulatorError(404, "CATALOG_DOES_NOT_EXIST", "Catalog '" + m.group(1) + "' does not exist.");
      }
      grants.require(who, "catalog:" + m.group(1), "USE_CATALOG");
      return ok(JSON.createObjectNode().put("name", m.group(1)).put("owner", grants.owner("catalog:" + m.group(1))));
    }
    if ((m = match(uc + "effective-permissions/([^/]+)/([^/]+)", path)) != null && method.equals("GET")) {
      return ok(effectivePermissions(who, m.group(1), m.group(2), params.get("principal")));
    }
    if (method.equals("GET") && path.equals(uc + "external-locations")) {
      return ok(externalLocationsOf(who));
    }
    if (method.equals("POST") && path.equals(uc + "schemas")) {
      return createSchema(who, body);
    }
    if ((m = match(uc + "schemas/([^/]+)", path)) != null && method.equals("GET")) {
      ObjectNode schema = require(schemas, m.group(1), "Schema");
      grants.requireUse(who, schema.get("catalog_name").asText(), schema.get("name").asText());
      return ok(schema);
    }
    if (method.equals("POST") && path.equals(uc + "tables")) {
      return createTableByRest(who, body);
    }
    if ((m = match(uc + "tables/([^/]+)/exists", path)) != null && method.equals("GET")) {
      String[] parts = m.group(1).split("\\.");
      grants.requireUse(who, parts[0], parts[1]);
      return ok(JSON.createObjectNode().put("table_exists", tablesByName.containsKey(m.group(1))));
    }
    if ((m = match(uc + "tables/([^/]+)", path)) != null) {
      ObjectNode t = require(tablesByName, m.group(1), "Table");
      grants.requireUse(who, t.get("catalog_name").asText(), t.get("schema_name").asText());
      if (method.equals("DELETE")) {
        grants.requireOwner(who, "table:" + m.group(1));
        tablesByName.remove(m.group(1));
        grants.forget("table:" + m.group(1));
        return ok(JSON.createObjectNode());
      }
      return ok(t);
    }
    if (method.equals("POST") && path.equals(uc + "shares")) {
      grants.require(who, "metastore", "CREATE_SHARE");
      return ok(sharing.createShare(who, body));
    }
    if ((m = match(uc + "shares/([^/]+)/permissions", path)) != null) {
      require(sharing.shares, m.group(1), "Share");
      if (!grants.owns(who, "share:" + m.group(1))) {
        grants.require(who, "share:" + m.group(1), "USE_SHARE");
      }
      return ok(method.equals("PATCH") ? sharing.updatePermissions(who, m.group(1), body)
          : sharing.permissionsOf(m.group(1)));
    }
    if ((m = match(uc + "shares/([^/]+)", path)) != null) {
      ObjectNode share = require(sharing.shares, m.group(1), "Share");
      if (method.equals("PATCH")) {
        grants.requireOwner(who, "share:" + m.group(1));
        return ok(sharing.updateShare(who, share, body));
      }
      if (!grants.owns(who, "share:" + m.group(1))) {
        grants.require(who, "share:" + m.group(1), "USE_SHARE");
      }
      return ok("true".equals(params.get("include_shared_data")) ? sharing.withStatus(share)
          : share.deepCopy().without("objects"));
    }
    if (method.equals("POST") && path.equals(uc + "recipients")) {
      grants.require(who, "metastore", "CREATE_RECIPIENT");
      return ok(sharing.createRecipient(who, body));
    }
    if ((m = match(uc + "recipients/([^/]+)/rotate-token", path)) != null && method.equals("POST")) {
      ObjectNode r = require(sharing.recipients, m.group(1), "Recipient");
      grants.requireOwner(who, "recipient:" + m.group(1));
      return ok(sharing.rotateToken(r, body));
    }
    if ((m = match(uc + "recipients/([^/]+)", path)) != null) {
      ObjectNode r = require(sharing.recipients, m.group(1), "Recipient");
      String name = m.group(1);
      if (method.equals("DELETE")) {
        grants.requireOwner(who, "recipient:" + name);
        sharing.deleteRecipient(name);
        return ok(JSON.createObjectNode());
      }
      if (!grants.owns(who, "recipient:" + name)) {
        grants.require(who, "recipient:" + name, "USE_RECIPIENT");
      }
      return ok(EmulatedShares.withoutActivationUrls(r));
    }
    if ((m = match("/api/2.0/sql/warehouses/([^/]+)", path)) != null && method.equals("GET")) {
      requireWarehouse(who, m.group(1));
      return ok(JSON.createObjectNode().put("id", WAREHOUSE_ID).put("name", "Shareline").put("state", warehouse.state())
          .put("warehouse_type", "PRO"));
    }
    if (method.equals("POST") && path.equals("/api/2.0/sql/statements")) {
      fields(body, Set.of("statement", "warehouse_id", "wait_timeout", "on_wait_timeout", "format", "disposition",
          "byte_limit", "row_limit", "catalog", "schema", "parameters", "query_tags"), Set.of("statement", "warehouse_id"));
      requireWarehouse(who, body.get("warehouse_id").asText());
      return ok(warehouse.submit(who, body));
    }
    if ((m = match("/api/2.0/sql/statements/([^/]+)/cancel", path)) != null && method.equals("POST")) {
      warehouse.cancel(m.group(1));
      return ok(JSON.createObjectNode());
    }
    if ((m = match("/api/2.0/sql/statements/([^/]+)", path)) != null && method.equals("GET")) {
      return ok(warehouse.poll(m.group(1)));
    }
    throw new EmulatorError(404, "ENDPOINT_NOT_FOUND", "no endpoint " + method + " " + path);
  }

  private ObjectNode metastoreSummary() {
    ObjectNode m = JSON.createObjectNode().put("metastore_id", METASTORE_ID).put("name", "emulated")
        .put("global_metastore_id", "aws:us-west-2:" + METASTORE_ID).put("cloud", "aws").put("region", "us-west-2")
        .put("owner", "admins").put("privilege_model_version", "1.0").put("delta_sharing_scope", sharing.sharingScope)
        .put("delta_sharing_organization_name", "Shareline emulated");
    if (sharing.tokenLifetimeSeconds > 0) {
      m.put("delta_sharing_recipient_token_lifetime_in_seconds", sharing.tokenLifetimeSeconds);
    }
    return m;
  }

  private void requireWarehouse(String who, String id) {
    if (!WAREHOUSE_ID.equals(id)) {
      throw new EmulatorError(404, "RESOURCE_DOES_NOT_EXIST", "Warehouse " + id + " does not exist");
    }
    if (!warehouseUsers.contains(who) && !grants.isAdmin(who)) {
      throw new EmulatorError(403, "PERMISSION_DENIED", "User " + who + " does not have CAN USE on warehouse " + id);
    }
  }

  private ObjectNode effectivePermissions(String who, String type, String name, String principal) {
    String securable = type.toLowerCase(java.util.Locale.ROOT).equals("metastore") ? "metastore"
        : type.toLowerCase(java.util.Locale.ROOT) + ":" + name;
    String of = principal == null ? who : principal;
    if (!of.equals(who) && !grants.owns(who, securable)) {
      throw new EmulatorError(403, "PERMISSION_DENIED", "Only owners and admins read others' privileges on " + name);
    }
    ObjectNode out = JSON.createObjectNode();
    ObjectNode a = out.putArray("privilege_assignments").addObject().put("principal", of);
    ArrayNode list = a.putArray("privileges");
    grants.effective(of, securable).forEach((p, from) -> {
      ObjectNode e = list.addObject().put("privilege", p);
      if (!from.equals(securable)) {
        e.put("inherited_from_type", from.contains(":") ? from.substring(0, from.indexOf(':')).toUpperCase(
            java.util.Locale.ROOT) : "METASTORE").put("inherited_from_name", from.contains(":")
            ? from.substring(from.indexOf(':') + 1) : METASTORE_ID);
      }
    });
    return out;
  }

  private ObjectNode externalLocationsOf(String who) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("external_locations");
    externalLocations.forEach((name, url) -> {
      String securable = "external_location:" + name;
      if (grants.owns(who, securable) || !grants.effective(who, securable).isEmpty()) {
        list.addObject().put("name", name).put("url", url).put("owner", grants.owner(securable))
            .put("credential_name", "shareline_cred").put("read_only", false);
      }
    });
    return out;
  }

  private Answer createSchema(String who, JsonNode body) {
    fields(body, Set.of("catalog_name", "name", "comment", "properties", "storage_root", "custom_max_retention_hours"),
        Set.of("catalog_name", "name"));
    String catalog = body.get("catalog_name").asText();
    if (!catalogs.contains(catalog)) {
      throw new EmulatorError(404, "CATALOG_DOES_NOT_EXIST", "Catalog '" + catalog + "' does not exist.");
    }
    grants.require(who, "catalog:" + catalog, "USE_CATALOG");
    grants.require(who, "catalog:" + catalog, "CREATE_SCHEMA");
    String full = catalog + "." + body.get("name").asText();
    if (schemas.containsKey(full)) {
      throw new EmulatorError(409, "SCHEMA_ALREADY_EXISTS", "Schema '" + full + "' already exists");
    }
    ObjectNode s = ((ObjectNode) body.deepCopy()).put("full_name", full).put("schema_id", UUID.randomUUID().toString())
        .put("owner", who);
    schemas.put(full, s);
    grants.own("schema:" + full, who);
    return ok(s);
  }

  /**
   * The Public Preview create-table endpoint: it needs the metastore's external access and EXTERNAL USE
   * SCHEMA, which a least-privilege principal lacks, and the columns, which Shareline does not send.
   */
  private Answer createTableByRest(String who, JsonNode body) {
    fields(body, Set.of("name", "catalog_name", "schema_name", "table_type", "data_source_format", "storage_location",
        "columns", "properties"), Set.of("name", "catalog_name", "schema_name", "table_type", "data_source_format",
        "storage_location", "columns"));
    String catalog = body.get("catalog_name").asText();
    String schema = body.get("schema_name").asText();
    grants.requireUse(who, catalog, schema);
    grants.require(who, "schema:" + catalog + "." + schema, "EXTERNAL_USE_SCHEMA");
    throw new EmulatorError(400, "FEATURE_DISABLED", "External access is not enabled on this metastore");
  }

  /** The catalog side of the warehouse's statements: Unity Catalog checks and state. */
  private final class Statements implements EmulatedWarehouse.Catalog {
    @Override
    public void createExternalTable(String who, String full, String location, String comment) {
      synchronized (DatabricksEmulator.this) {
        String[] parts = full.split("\\.");
        String schema = parts[0] + "." + parts[1];
        if (!schemas.containsKey(schema)) {
          throw new EmulatedWarehouse.SqlFailure("42704", "[SCHEMA_NOT_FOUND] The schema `" + schema + "` cannot be found.");
        }
        sqlPrivilege(who, "catalog:" + parts[0], "USE_CATALOG");
        sqlPrivilege(who, "schema:" + schema, "USE_SCHEMA");
        sqlPrivilege(who, "schema:" + schema, "CREATE_TABLE");
        String external = externalLocations.entrySet().stream()
            .filter(e -> location.equals(e.getValue()) || location.startsWith(e.getValue() + "/"))
            .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new EmulatedWarehouse.SqlFailure("42501",
                "[INSUFFICIENT_PERMISSIONS] No external location covers " + location + "."));
        sqlPrivilege(who, "external_location:" + external, "CREATE_EXTERNAL_TABLE");
        if (tablesByName.containsKey(full)) {
          return; // IF NOT EXISTS
        }
        if (!location.startsWith("s3://") || !tables.exists(s3a(location))) {
          throw new EmulatedWarehouse.SqlFailure("42K03", "[DELTA_TABLE_NOT_FOUND] No Delta table at " + location + ".");
        }
        ObjectNode t = JSON.createObjectNode().put("name", parts[2]).put("catalog_name", parts[0])
            .put("schema_name", parts[1]).put("full_name", full).put("table_type", "EXTERNAL")
            .put("data_source_format", "DELTA").put("storage_location", location).put("owner", who)
            .put("table_id", UUID.randomUUID().toString());
        if (comment != null) {
          t.put("comment", comment);
        }
        t.set("columns", columns(location));
        tablesByName.put(full, t);
        grants.own("table:" + full, who);
      }
    }

    @Override
    public void syncMetadata(String who, String full) {
      synchronized (DatabricksEmulator.this) {
        ObjectNode t = sqlTable(full);
        sqlPrivilege(who, "table:" + full, "MODIFY");
        sqlPrivilege(who, "table:" + full, "SELECT");
        t.set("columns", columns(t.get("storage_location").asText()));
      }
    }

    @Override
    public long countRows(String who, String full) {
      String location;
      synchronized (DatabricksEmulator.this) {
        location = sqlTable(full).get("storage_location").asText();
        sqlPrivilege(who, "table:" + full, "SELECT");
      }
      return tables.countRows(s3a(location));
    }

    private ObjectNode sqlTable(String full) {
      ObjectNode t = tablesByName.get(full);
      if (t == null) {
        throw new EmulatedWarehouse.SqlFailure("42P01", "[TABLE_OR_VIEW_NOT_FOUND] The table `" + full
            + "` cannot be found.");
      }
      return t;
    }

    private void sqlPrivilege(String who, String securable, String privilege) {
      if (!grants.has(who, securable, privilege)) {
        throw new EmulatedWarehouse.SqlFailure("42501", "[INSUFFICIENT_PERMISSIONS] User " + who + " does not have "
            + privilege.replace('_', ' ') + " on " + securable.replace(':', ' ') + ".");
      }
    }

    private ArrayNode columns(String location) {
      ArrayNode columns = JSON.createArrayNode();
      io.delta.kernel.types.StructType schema = tables.info(s3a(location)).schema();
      for (int i = 0; i < schema.length(); i++) {
        columns.addObject().put("name", schema.at(i).getName()).put("type_text", schema.at(i).getDataType().toString())
            .put("position", i).put("nullable", schema.at(i).isNullable());
      }
      return columns;
    }
  }

  private Answer shareAsRecipient(String method, String path, String body, Map<String, String> headers) throws Exception {
    String recipient;
    synchronized (this) {
      if (!sharing.openSharing()) {
        return reply(EmulatedSharingServer.error(403, "FEATURE_DISABLED", "open sharing is disabled on this metastore"));
      }
      recipient = sharing.recipientOf(headers.getOrDefault("Authorization", ""));
    }
    if (recipient == null) {
      return reply(EmulatedSharingServer.error(401, "UNAUTHENTICATED", "invalid or expired bearer token"));
    }
    return reply(sharingServer.handle(recipient, method, path, body));
  }

  private static Answer reply(EmulatedSharingServer.Reply r) {
    Map<String, String> headers = new java.util.HashMap<>();
    if (r.version() != null) {
      headers.put("Delta-Table-Version", Long.toString(r.version()));
    }
    headers.put("Content-Type", r.body().startsWith("{\"protocol\"") ? "application/x-ndjson; charset=utf-8"
        : "application/json; charset=utf-8");
    return new Answer(r.status(), r.body(), headers);
  }

  private Answer issueToken(String body, Map<String, String> headers) {
    String expected = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
        .getBytes(StandardCharsets.UTF_8));
    Map<String, String> form = params(body);
    if (clientId == null || !expected.equals(headers.get("Authorization"))
        || !"client_credentials".equals(form.get("grant_type"))) {
      return new Answer(401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}",
          Map.of());
    }
    String access = "emulated-" + UUID.randomUUID();
    accessTokens.add(access);
    return ok(JSON.createObjectNode().put("access_token", access).put("token_type", "Bearer").put("expires_in", 3600)
        .put("scope", form.getOrDefault("scope", "all-apis")));
  }

  private String authenticate(Map<String, String> headers) {
    String auth = headers.getOrDefault("Authorization", "");
    boolean ok = (token != null && auth.equals("Bearer " + token))
        || (auth.startsWith("Bearer ") && accessTokens.contains(auth.substring("Bearer ".length())));
    if (!ok) {
      throw new EmulatorError(401, "UNAUTHENTICATED", "Invalid access token.");
    }
    return principal();
  }

  private static Matcher match(String regex, String path) {
    Matcher m = Pattern.compile(regex).matcher(path);
    return m.matches() ? m : null;
  }

  private static Map<String, String> params(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    if (query == null || query.isBlank()) {
      return out;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  static String s3a(String location) {
    return location.startsWith("s3://") ? "s3a://" + location.substring("s3://".length()) : location;
  }

  private static boolean contains(String text, String secret) {
    return text != null && secret != null && !secret.isEmpty() && text.contains(secret);
  }

  private static Answer ok(JsonNode body) throws IllegalStateException {
    try {
      return new Answer(200, JSON.writeValueAsString(body), Map.of());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Answer error(int status, String code, String message) {
    ObjectNode body = JSON.createObjectNode().put("error_code", code).put("message", message);
    return new Answer(status, body.toString(), Map.of());
  }
}
