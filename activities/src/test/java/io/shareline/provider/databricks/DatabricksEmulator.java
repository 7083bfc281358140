package io.shareline.provider.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * A stateful HTTP emulator of the Unity Catalog, Delta Sharing, statement-execution and OIDC endpoints
 * DatabricksShareProvider calls, on 127.0.0.1. It keeps catalogs, schemas, tables, shares, recipients
 * and share permissions; validates every request body against the documented fields (unknown or
 * missing required fields answer 400 INVALID_PARAMETER_VALUE); answers the documented error bodies
 * ({@code {"error_code","message"}}); counts rows for {@code SELECT COUNT(*)} by reading the registered
 * table's Delta log and Parquet files from S3; can inject faults (429 with Retry-After, 503), latency
 * and permission denials; and records every call so tests can assert exact sequences and that no
 * secret travels where it should not.
 */
public final class DatabricksEmulator implements AutoCloseable {
  public static final String WAREHOUSE_ID = "emulated-warehouse";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COUNT = Pattern.compile("(?i)^\\s*SELECT\\s+COUNT\\(\\*\\)\\s+FROM\\s+([`\\w.]+)\\s*;?\\s*$");

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

  // State, guarded by this.
  private final Set<String> catalogs = new LinkedHashSet<>();
  private final Map<String, ObjectNode> schemas = new TreeMap<>();
  private final Map<String, ObjectNode> tablesByName = new TreeMap<>();
  private final Map<String, ObjectNode> shares = new TreeMap<>();
  private final Map<String, ObjectNode> recipients = new TreeMap<>();
  private final Map<String, Map<String, Set<String>>> permissions = new TreeMap<>();
  private final Map<String, ObjectNode> statements = new HashMap<>();

  private DatabricksEmulator(Configuration hadoopConf, String token, String clientId, String clientSecret)
      throws IOException {
    this.tables = new DeltaTables(hadoopConf);
    this.token = token;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
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

  public synchronized DatabricksEmulator catalog(String name) {
    catalogs.add(name);
    return this;
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
    return Map.copyOf(shares);
  }

  public synchronized ObjectNode recipient(String name) {
    return recipients.get(name);
  }

  public synchronized ObjectNode table(String fullName) {
    return tablesByName.get(fullName);
  }

  public synchronized Set<String> privileges(String share, String principal) {
    return Set.copyOf(permissions.getOrDefault(share, Map.of()).getOrDefault(principal, Set.of()));
  }

  /** Puts an object straight into the state, as someone else in the workspace would have. */
  public synchronized void putShare(String name, String comment) {
    shares.put(name, JSON.createObjectNode().put("name", name).put("comment", comment).set("objects", JSON.createArrayNode()));
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
    recipients.put(name, r);
  }

  public synchronized void revokeGrant(String share, String principal) {
    permissions.getOrDefault(share, new HashMap<>()).remove(principal);
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
    } catch (ApiError e) {
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

  private static final class ApiError extends RuntimeException {
    final int status;
    final String code;

    ApiError(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

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
      throw new ApiError(404, "ENDPOINT_NOT_FOUND", "no endpoint " + method + " " + path);
    }
    authenticate(headers);
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
        throw new ApiError(403, "PERMISSION_DENIED", "User does not have the privilege required for " + method
            + " " + path);
      }
    }
    JsonNode json = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    Map<String, String> params = params(query);
    Answer answer;
    synchronized (this) {
      answer = dispatch(method, path, json, params);
    }
    return fault == null ? answer : injected(fault);
  }

  private static Answer injected(Fault f) {
    Answer a = error(f.status(), f.errorCode(), "injected " + f.status());
    return f.retryAfterSeconds() == null ? a
        : new Answer(a.status, a.body, Map.of("Retry-After", Integer.toString(f.retryAfterSeconds())));
  }

  private Answer dispatch(String method, String path, JsonNode body, Map<String, String> params) throws Exception {
    String uc = "/api/2.1/unity-catalog/";
    Matcher m;
    if (method.equals("POST") && path.equals(uc + "schemas")) {
      return createSchema(body);
    }
    if ((m = match(uc + "schemas/([^/]+)", path)) != null && method.equals("GET")) {
      return ok(require(schemas, m.group(1), "Schema"));
    }
    if (method.equals("POST") && path.equals(uc + "tables")) {
      return createTable(body);
    }
    if ((m = match(uc + "tables/([^/]+)/exists", path)) != null && method.equals("GET")) {
      return ok(JSON.createObjectNode().put("table_exists", tablesByName.containsKey(m.group(1))));
    }
    if ((m = match(uc + "tables/([^/]+)", path)) != null) {
      ObjectNode t = require(tablesByName, m.group(1), "Table");
      if (method.equals("DELETE")) {
        tablesByName.remove(m.group(1));
        return ok(JSON.createObjectNode());
      }
      return ok(t);
    }
    if (method.equals("POST") && path.equals(uc + "shares")) {
      return createShare(body);
    }
    if ((m = match(uc + "shares/([^/]+)/permissions", path)) != null) {
      require(shares, m.group(1), "Share");
      return method.equals("PATCH") ? updatePermissions(m.group(1), body) : ok(permissionsOf(m.group(1)));
    }
    if ((m = match(uc + "shares/([^/]+)", path)) != null) {
      ObjectNode share = require(shares, m.group(1), "Share");
      if (method.equals("PATCH")) {
        return updateShare(share, body);
      }
      return ok("true".equals(params.get("include_shared_data")) ? share : share.deepCopy().without("objects"));
    }
    if (method.equals("POST") && path.equals(uc + "recipients")) {
      return createRecipient(body);
    }
    if ((m = match(uc + "recipients/([^/]+)/rotate-token", path)) != null && method.equals("POST")) {
      return rotateToken(require(recipients, m.group(1), "Recipient"), body);
    }
    if ((m = match(uc + "recipients/([^/]+)", path)) != null) {
      ObjectNode r = require(recipients, m.group(1), "Recipient");
      if (method.equals("DELETE")) {
        String name = m.group(1);
        recipients.remove(name);
        permissions.values().forEach(p -> p.remove(name));
        return ok(JSON.createObjectNode());
      }
      return ok(withoutActivationUrls(r));
    }
    if (method.equals("POST") && path.equals("/api/2.0/sql/statements")) {
      return executeStatement(body);
    }
    if ((m = match("/api/2.0/sql/statements/([^/]+)", path)) != null && method.equals("GET")) {
      return ok(require(statements, m.group(1), "Statement"));
    }
    throw new ApiError(404, "ENDPOINT_NOT_FOUND", "no endpoint " + method + " " + path);
  }

  private Answer createSchema(JsonNode body) {
    fields(body, Set.of("catalog_name", "name", "comment", "properties", "storage_root", "custom_max_retention_hours"),
        Set.of("catalog_name", "name"));
    String catalog = body.get("catalog_name").asText();
    if (!catalogs.contains(catalog)) {
      throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Catalog '" + catalog + "' does not exist.");
    }
    String full = catalog + "." + body.get("name").asText();
    if (schemas.containsKey(full)) {
      throw new ApiError(409, "RESOURCE_ALREADY_EXISTS", "Schema '" + full + "' already exists");
    }
    ObjectNode s = ((ObjectNode) body.deepCopy()).put("full_name", full).put("schema_id", UUID.randomUUID().toString());
    schemas.put(full, s);
    return ok(s);
  }

  private Answer createTable(JsonNode body) {
    fields(body, Set.of("name", "catalog_name", "schema_name", "table_type", "data_source_format", "storage_location",
        "columns", "properties"), Set.of("name", "catalog_name", "schema_name", "table_type", "data_source_format",
        "storage_location"));
    String schema = body.get("catalog_name").asText() + "." + body.get("schema_name").asText();
    require(schemas, schema, "Schema");
    oneOf(body, "table_type", Set.of("EXTERNAL"));
    oneOf(body, "data_source_format", Set.of("DELTA"));
    String location = body.get("storage_location").asText();
    if (!location.startsWith("s3://")) {
      throw new ApiError(400, "INVALID_PARAMETER_VALUE", "storage_location must be an s3:// URI");
    }
    if (!tables.exists(s3a(location))) {
      throw new ApiError(400, "INVALID_PARAMETER_VALUE", "No Delta table at " + location);
    }
    String full = schema + "." + body.get("name").asText();
    if (tablesByName.containsKey(full)) {
      throw new ApiError(409, "RESOURCE_ALREADY_EXISTS", "Table '" + full + "' already exists");
    }
    ObjectNode t = ((ObjectNode) body.deepCopy()).put("full_name", full).put("table_id", UUID.randomUUID().toString());
    tablesByName.put(full, t);
    return ok(t);
  }

  private Answer createShare(JsonNode body) {
    fields(body, Set.of("name", "comment", "storage_root"), Set.of("name"));
    String name = body.get("name").asText();
    if (shares.containsKey(name)) {
      throw new ApiError(409, "RESOURCE_ALREADY_EXISTS", "Share '" + name + "' already exists");
    }
    ObjectNode s = ((ObjectNode) body.deepCopy());
    s.putArray("objects");
    shares.put(name, s);
    permissions.put(name, new TreeMap<>());
    return ok(s.deepCopy().without("objects"));
  }

  private Answer updateShare(ObjectNode share, JsonNode body) {
    fields(body, Set.of("updates", "comment", "new_name", "owner", "storage_root"), Set.of());
    ArrayNode objects = (ArrayNode) share.get("objects");
    for (JsonNode u : body.path("updates")) {
      fields(u, Set.of("action", "data_object"), Set.of("action", "data_object"));
      oneOf(u, "action", Set.of("ADD", "REMOVE", "UPDATE"));
      JsonNode o = u.get("data_object");
      fields(o, Set.of("name", "data_object_type", "history_data_sharing_status", "shared_as", "comment",
          "cdf_enabled", "partitions", "start_version", "status", "string_shared_as", "content"), Set.of("name"));
      String name = o.get("name").asText();
      int at = indexOf(objects, name);
      switch (u.get("action").asText()) {
        case "ADD" -> {
          require(tablesByName, name, "Table");
          if (at >= 0) {
            throw new ApiError(409, "RESOURCE_ALREADY_EXISTS", "Data object '" + name + "' is already in the share");
          }
          if (o.has("data_object_type")) {
            oneOf(o, "data_object_type", Set.of("TABLE"));
          }
          if (o.has("history_data_sharing_status")) {
            oneOf(o, "history_data_sharing_status", Set.of("ENABLED", "DISABLED"));
          }
          if (o.has("shared_as") && !o.get("shared_as").asText().matches("[a-z0-9_]+\\.[a-z0-9_]+")) {
            throw new ApiError(400, "INVALID_PARAMETER_VALUE", "shared_as must be <schema>.<table>");
          }
          ObjectNode added = ((ObjectNode) o.deepCopy()).put("added_at", Instant.now().toEpochMilli())
              .put("status", "ACTIVE");
          objects.add(added);
        }
        case "REMOVE" -> {
          if (at < 0) {
            throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Data object '" + name + "' is not in the share");
          }
          objects.remove(at);
        }
        default -> throw new ApiError(400, "INVALID_PARAMETER_VALUE", "the emulator does not implement UPDATE");
      }
    }
    return ok(share);
  }

  private Answer updatePermissions(String share, JsonNode body) {
    fields(body, Set.of("changes", "omit_permissions_list"), Set.of("changes"));
    Map<String, Set<String>> grants = permissions.computeIfAbsent(share, s -> new TreeMap<>());
    for (JsonNode c : body.get("changes")) {
      fields(c, Set.of("principal", "add", "remove"), Set.of("principal"));
      String principal = c.get("principal").asText();
      if (!recipients.containsKey(principal)) {
        throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Recipient '" + principal + "' does not exist.");
      }
      for (JsonNode p : c.path("add")) {
        oneOf(p, Set.of("SELECT"));
        grants.computeIfAbsent(principal, k -> new LinkedHashSet<>()).add(p.asText());
      }
      for (JsonNode p : c.path("remove")) {
        oneOf(p, Set.of("SELECT"));
        grants.getOrDefault(principal, new LinkedHashSet<>()).remove(p.asText());
      }
      if (grants.getOrDefault(principal, Set.of()).isEmpty()) {
        grants.remove(principal);
      }
    }
    return ok(permissionsOf(share));
  }

  private ObjectNode permissionsOf(String share) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("privilege_assignments");
    permissions.getOrDefault(share, Map.of()).forEach((principal, privileges) -> {
      ObjectNode a = list.addObject().put("principal", principal);
      privileges.forEach(a.putArray("privileges")::add);
    });
    return out;
  }

  private Answer createRecipient(JsonNode body) {
    fields(body, Set.of("name", "authentication_type", "comment", "data_recipient_global_metastore_id",
        "expiration_time", "ip_access_list", "owner", "properties_kvpairs", "sharing_code", "id"),
        Set.of("name", "authentication_type"));
    oneOf(body, "authentication_type", Set.of("DATABRICKS", "TOKEN"));
    String name = body.get("name").asText();
    boolean databricks = body.get("authentication_type").asText().equals("DATABRICKS");
    if (databricks != body.has("data_recipient_global_metastore_id")) {
      throw new ApiError(400, "INVALID_PARAMETER_VALUE", "data_recipient_global_metastore_id is "
          + (databricks ? "required" : "not allowed") + " for authentication_type " + body.get("authentication_type").asText());
    }
    if (recipients.containsKey(name)) {
      throw new ApiError(409, "RESOURCE_ALREADY_EXISTS", "Recipient '" + name + "' already exists");
    }
    ObjectNode r = ((ObjectNode) body.deepCopy()).put("activated", false).put("created_at", Instant.now().toEpochMilli());
    ArrayNode tokens = r.putArray("tokens");
    if (!databricks) {
      long expiry = body.has("expiration_time") ? body.get("expiration_time").asLong()
          : Instant.now().plus(Duration.ofDays(365)).toEpochMilli();
      tokens.add(newToken(expiry));
    }
    recipients.put(name, r);
    return ok(r);
  }

  private Answer rotateToken(ObjectNode recipient, JsonNode body) {
    fields(body, Set.of("existing_token_expire_in_seconds"), Set.of("existing_token_expire_in_seconds"));
    if (!"TOKEN".equals(recipient.path("authentication_type").asText())) {
      throw new ApiError(400, "INVALID_PARAMETER_VALUE", "only TOKEN recipients have tokens");
    }
    long expireExisting = Instant.now().plusSeconds(body.get("existing_token_expire_in_seconds").asLong()).toEpochMilli();
    ArrayNode tokens = (ArrayNode) recipient.get("tokens");
    long lifetime = recipient.has("expiration_time") ? recipient.get("expiration_time").asLong()
        : Instant.now().plus(Duration.ofDays(365)).toEpochMilli();
    for (JsonNode t : tokens) {
      ((ObjectNode) t).put("expiration_time", Math.min(t.path("expiration_time").asLong(), expireExisting));
    }
    tokens.add(newToken(Math.max(lifetime, Instant.now().plus(Duration.ofDays(1)).toEpochMilli())));
    return ok(recipient);
  }

  private ObjectNode newToken(long expiry) {
    String id = UUID.randomUUID().toString();
    return JSON.createObjectNode().put("id", id).put("created_at", Instant.now().toEpochMilli())
        .put("expiration_time", expiry).put("activation_url", host() + "/delta_sharing/retrieve_config.html?"
            + UUID.randomUUID());
  }

  /** An activation link is shown once, at creation or rotation: reads never return it. */
  private static ObjectNode withoutActivationUrls(ObjectNode recipient) {
    ObjectNode copy = recipient.deepCopy();
    copy.path("tokens").forEach(t -> ((ObjectNode) t).remove("activation_url"));
    copy.remove("activation_url");
    return copy;
  }

  private Answer executeStatement(JsonNode body) {
    fields(body, Set.of("statement", "warehouse_id", "wait_timeout", "on_wait_timeout", "format", "disposition",
        "byte_limit", "row_limit", "catalog", "schema", "parameters", "query_tags"), Set.of("statement", "warehouse_id"));
    if (!WAREHOUSE_ID.equals(body.get("warehouse_id").asText())) {
      throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Warehouse " + body.get("warehouse_id").asText()
          + " does not exist");
    }
    if (body.has("format")) {
      oneOf(body, "format", Set.of("JSON_ARRAY"));
    }
    if (body.has("disposition")) {
      oneOf(body, "disposition", Set.of("INLINE"));
    }
    String id = UUID.randomUUID().toString();
    ObjectNode response = JSON.createObjectNode().put("statement_id", id);
    Matcher m = COUNT.matcher(body.get("statement").asText());
    String table = m.matches() ? m.group(1).replace("`", "") : null;
    if (table == null || !tablesByName.containsKey(table)) {
      ObjectNode status = response.putObject("status").put("state", "FAILED");
      status.putObject("error").put("error_code", "BAD_REQUEST").put("message", table == null
          ? "the emulator runs only SELECT COUNT(*) FROM <table>" : "[TABLE_OR_VIEW_NOT_FOUND] " + table);
    } else {
      long rows = tables.countRows(s3a(tablesByName.get(table).get("storage_location").asText()));
      response.putObject("status").put("state", "SUCCEEDED");
      ObjectNode manifest = response.putObject("manifest").put("format", "JSON_ARRAY").put("total_row_count", 1)
          .put("total_chunk_count", 1);
      manifest.putObject("schema").put("column_count", 1).putArray("columns").addObject()
          .put("name", "count(1)").put("type_name", "LONG").put("position", 0);
      ObjectNode result = response.putObject("result").put("chunk_index", 0).put("row_offset", 0).put("row_count", 1);
      result.putArray("data_array").addArray().add(Long.toString(rows));
    }
    statements.put(id, response);
    return ok(response);
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

  private void authenticate(Map<String, String> headers) {
    String auth = headers.getOrDefault("Authorization", "");
    boolean ok = (token != null && auth.equals("Bearer " + token))
        || (auth.startsWith("Bearer ") && accessTokens.contains(auth.substring("Bearer ".length())));
    if (!ok) {
      throw new ApiError(401, "UNAUTHENTICATED", "Invalid access token.");
    }
  }

  // ---- validation helpers ----

  private static void fields(JsonNode body, Set<String> allowed, Set<String> required) {
    if (body == null || !body.isObject()) {
      throw new ApiError(400, "INVALID_PARAMETER_VALUE", "Invalid JSON given in the body of the request - expected an object");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new ApiError(400, "INVALID_PARAMETER_VALUE", "Invalid JSON given in the body of the request - unknown field '"
            + f + "'");
      }
    }
    for (String f : required) {
      if (!body.hasNonNull(f) || (body.get(f).isTextual() && body.get(f).asText().isBlank())) {
        throw new ApiError(400, "INVALID_PARAMETER_VALUE", "Missing required field: " + f);
      }
    }
  }

  private static void oneOf(JsonNode body, String field, Set<String> values) {
    if (!values.contains(body.path(field).asText())) {
      throw new ApiError(400, "INVALID_PARAMETER_VALUE", field + " must be one of " + values + ", got "
          + body.path(field));
    }
  }

  private static void oneOf(JsonNode value, Set<String> values) {
    if (!values.contains(value.asText())) {
      throw new ApiError(400, "INVALID_PARAMETER_VALUE", "Privilege " + value + " is not applicable to a share");
    }
  }

  private static <T> T require(Map<String, T> map, String key, String kind) {
    T value = map.get(key);
    if (value == null) {
      throw new ApiError(404, "RESOURCE_DOES_NOT_EXIST", kind + " '" + key + "' does not exist.");
    }
    return value;
  }

  private static int indexOf(ArrayNode objects, String name) {
    for (int i = 0; i < objects.size(); i++) {
      if (objects.get(i).path("name").asText().equals(name)) {
        return i;
      }
    }
    return -1;
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

  private static String s3a(String location) {
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
