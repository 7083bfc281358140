package io.shareline.provider.databricks;

import static io.shareline.provider.databricks.EmulatorContract.fields;
import static io.shareline.provider.databricks.EmulatorContract.indexOf;
import static io.shareline.provider.databricks.EmulatorContract.oneOf;
import static io.shareline.provider.databricks.EmulatorContract.require;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Delta Sharing's provider side of the emulated metastore: shares with their data objects (and each
 * object's status), recipients with their tokens and one-time activation links, share permissions, and
 * the metastore's sharing scope and token lifetime. Owners and privileges are checked against
 * {@link EmulatedGrants}; the caller holds {@code lock} (the emulator) around every call.
 */
final class EmulatedShares implements EmulatedSharingServer.Shares {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Object lock;
  private final EmulatedGrants grants;
  private final Map<String, ObjectNode> tablesByName;
  private final Supplier<String> host;
  final Map<String, ObjectNode> shares = new TreeMap<>();
  final Map<String, ObjectNode> recipients = new TreeMap<>();
  final Map<String, Map<String, Set<String>>> permissions = new TreeMap<>();
  private final Set<String> activationCodes = new LinkedHashSet<>();
  final Set<String> hidden = new LinkedHashSet<>();
  String sharingScope = "INTERNAL_AND_EXTERNAL";
  long tokenLifetimeSeconds = 0;

  EmulatedShares(Object lock, EmulatedGrants grants, Map<String, ObjectNode> tablesByName, Supplier<String> host) {
    this.lock = lock;
    this.grants = grants;
    this.tablesByName = tablesByName;
    this.host = host;
  }

  boolean openSharing() {
    return "INTERNAL_AND_EXTERNAL".equals(sharingScope);
  }

  /** The TOKEN recipient a live bearer token belongs to, or null. */
  String recipientOf(String authorization) {
    for (ObjectNode r : recipients.values()) {
      for (JsonNode t : r.path("tokens")) {
        if (authorization.equals("Bearer " + t.path("bearer_token").asText("\u0000"))
            && t.path("expiration_time").asLong() > Instant.now().toEpochMilli()) {
          return r.get("name").asText();
        }
      }
    }
    return null;
  }

  void deleteRecipient(String name) {
    recipients.remove(name);
    grants.forget("recipient:" + name);
    permissions.values().forEach(p -> p.remove(name));
  }

  @Override
  public List<String> sharesOf(String recipient) {
    synchronized (lock) {
        List<String> out = new ArrayList<>();
        permissions.forEach((share, grantees) -> {
          if (grantees.getOrDefault(recipient, Set.of()).contains("SELECT")) {
            out.add(share);
          }
        });
        return out;
      }
    }

  @Override
  public Map<String, String> readableTables(String share) {
    synchronized (lock) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode o : withStatus(shares.get(share)).get("objects")) {
          String name = o.get("name").asText();
          if ("ACTIVE".equals(o.path("status").asText()) && !hidden.contains(name) && tablesByName.containsKey(name)) {
            String as = o.has("shared_as") ? o.get("shared_as").asText() : name.substring(name.indexOf('.') + 1);
            out.put(as, DatabricksEmulator.s3a(tablesByName.get(name).get("storage_location").asText()));
          }
        }
        return out;
      }
    }

  /** The one-time download of a token's profile behind its activation link. */
  ObjectNode activate(String code) {
    for (ObjectNode r : recipients.values()) {
      for (JsonNode t : r.path("tokens")) {
        if (t.path("activation_url").asText().endsWith("?" + code)) {
          if (!activationCodes.add(code)) {
            throw new EmulatorError(400, "INVALID_STATE", "The activation link was already used.");
          }
          r.put("activated", true);
          return (JSON.createObjectNode().put("shareCredentialsVersion", 1)
              .put("bearerToken", t.get("bearer_token").asText())
              .put("endpoint", host.get() + DatabricksEmulator.SHARING_PREFIX)
              .put("expirationTime", Instant.ofEpochMilli(t.get("expiration_time").asLong()).toString()));
        }
      }
    }
    throw new EmulatorError(404, "RESOURCE_DOES_NOT_EXIST", "No activation link " + code);
  }

  ObjectNode createShare(String who, JsonNode body) {
    fields(body, Set.of("name", "comment", "storage_root"), Set.of("name"));
    String name = body.get("name").asText();
    if (shares.containsKey(name)) {
      throw new EmulatorError(409, "RESOURCE_ALREADY_EXISTS", "Share '" + name + "' already exists");
    }
    ObjectNode s = ((ObjectNode) body.deepCopy()).put("owner", who);
    s.putArray("objects");
    shares.put(name, s);
    permissions.put(name, new TreeMap<>());
    grants.own("share:" + name, who);
    return (s.deepCopy().without("objects"));
  }

  /** A shared table is ACTIVE while the share's owner may still read it, PERMISSION_DENIED otherwise. */
  ObjectNode withStatus(ObjectNode share) {
    ObjectNode copy = share.deepCopy();
    String owner = share.path("owner").asText("admins");
    for (JsonNode o : copy.path("objects")) {
      boolean readable = tablesByName.containsKey(o.get("name").asText())
          && grants.has(owner, "table:" + o.get("name").asText(), "SELECT");
      ((ObjectNode) o).put("status", readable ? "ACTIVE" : "PERMISSION_DENIED");
    }
    return copy;
  }

  ObjectNode updateShare(String who, ObjectNode share, JsonNode body) {
    fields(body, Set.of("updates", "comment", "new_name", "owner", "storage_root"), Set.of());
    if (body.path("updates").size() > DatabricksEmulator.MAX_SHARE_UPDATES) {
      throw new EmulatorError(400, "INVALID_PARAMETER_VALUE", "A share update may carry at most " + DatabricksEmulator.MAX_SHARE_UPDATES
          + " data object changes, got " + body.path("updates").size());
    }
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
          ObjectNode table = require(tablesByName, name, "Table");
          grants.requireUse(who, table.get("catalog_name").asText(), table.get("schema_name").asText());
          grants.require(who, "table:" + name, "SELECT");
          if (at >= 0) {
            throw new EmulatorError(409, "RESOURCE_ALREADY_EXISTS", "Data object '" + name + "' is already in the share");
          }
          if (o.has("data_object_type")) {
            oneOf(o, "data_object_type", Set.of("TABLE"));
          }
          if (o.has("history_data_sharing_status")) {
            oneOf(o, "history_data_sharing_status", Set.of("ENABLED", "DISABLED"));
          }
          if (o.has("shared_as") && !o.get("shared_as").asText().matches("[a-z0-9_]+\\.[a-z0-9_]+")) {
            throw new EmulatorError(400, "INVALID_PARAMETER_VALUE", "shared_as must be <schema>.<table>");
          }
          objects.add(((ObjectNode) o.deepCopy()).put("added_at", Instant.now().toEpochMilli()).put("added_by", who));
        }
        case "REMOVE" -> {
          if (at < 0) {
            throw new EmulatorError(404, "RESOURCE_DOES_NOT_EXIST", "Data object '" + name + "' is not in the share");
          }
          objects.remove(at);
        }
        default -> throw new EmulatorError(400, "INVALID_PARAMETER_VALUE", "the emulator does not implement UPDATE");
      }
    }
    return (withStatus(share));
  }

  /** Granting on a share needs its ownership (or SET SHARE PERMISSION) and the recipient's ownership. */
  ObjectNode updatePermissions(String who, String share, JsonNode body) {
    fields(body, Set.of("changes", "omit_permissions_list"), Set.of("changes"));
    if (!grants.owns(who, "share:" + share)) {
      grants.require(who, "share:" + share, "SET_SHARE_PERMISSION");
    }
    Map<String, Set<String>> grantees = permissions.computeIfAbsent(share, s -> new TreeMap<>());
    for (JsonNode c : body.get("changes")) {
      fields(c, Set.of("principal", "add", "remove"), Set.of("principal"));
      String principal = c.get("principal").asText();
      if (!recipients.containsKey(principal)) {
        throw new EmulatorError(404, "RESOURCE_DOES_NOT_EXIST", "Recipient '" + principal + "' does not exist.");
      }
      grants.requireOwner(who, "recipient:" + principal);
      for (JsonNode p : c.path("add")) {
        oneOf(p, Set.of("SELECT"));
        grantees.computeIfAbsent(principal, k -> new LinkedHashSet<>()).add(p.asText());
      }
      for (JsonNode p : c.path("remove")) {
        oneOf(p, Set.of("SELECT"));
        grantees.getOrDefault(principal, new LinkedHashSet<>()).remove(p.asText());
      }
      if (grantees.getOrDefault(principal, Set.of()).isEmpty()) {
        grantees.remove(principal);
      }
    }
    return (permissionsOf(share));
  }

  ObjectNode permissionsOf(String share) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("privilege_assignments");
    permissions.getOrDefault(share, Map.of()).forEach((principal, privileges) -> {
      ObjectNode a = list.addObject().put("principal", principal);
      privileges.forEach(a.putArray("privileges")::add);
    });
    return out;
  }

  ObjectNode createRecipient(String who, JsonNode body) {
    fields(body, Set.of("name", "authentication_type", "comment", "data_recipient_global_metastore_id",
        "expiration_time", "ip_access_list", "owner", "properties_kvpairs", "sharing_code", "id"),
        Set.of("name", "authentication_type"));
    oneOf(body, "authentication_type", Set.of("DATABRICKS", "TOKEN"));
    String name = body.get("name").asText();
    boolean databricks = body.get("authentication_type").asText().equals("DATABRICKS");
    if (databricks != body.has("data_recipient_global_metastore_id")) {
      throw new EmulatorError(400, "INVALID_PARAMETER_VALUE", "data_recipient_global_metastore_id is "
          + (databricks ? "required" : "not allowed") + " for authentication_type " + body.get("authentication_type").asText());
    }
    if (!databricks && !"INTERNAL_AND_EXTERNAL".equals(sharingScope)) {
      throw new EmulatorError(400, "FEATURE_DISABLED", "Open sharing (TOKEN recipients) is disabled on this metastore");
    }
    if (recipients.containsKey(name)) {
      throw new EmulatorError(409, "RECIPIENT_ALREADY_EXISTS", "Recipient '" + name + "' already exists");
    }
    ObjectNode r = ((ObjectNode) body.deepCopy()).put("activated", false).put("created_at", Instant.now().toEpochMilli())
        .put("owner", who);
    ArrayNode tokens = r.putArray("tokens");
    if (!databricks) {
      long expiry = body.has("expiration_time") ? body.get("expiration_time").asLong() : Long.MAX_VALUE;
      tokens.add(newToken(Math.min(expiry, longestTokenExpiry())));
    }
    recipients.put(name, r);
    grants.own("recipient:" + name, who);
    return (withoutBearerTokens(r));
  }

  /** Now plus the metastore's recipient token lifetime (none set: a year, as the emulator's bound). */
  private long longestTokenExpiry() {
    return Instant.now().plusSeconds(tokenLifetimeSeconds > 0 ? tokenLifetimeSeconds : 365L * 24 * 3600).toEpochMilli();
  }

  ObjectNode rotateToken(ObjectNode recipient, JsonNode body) {
    fields(body, Set.of("existing_token_expire_in_seconds"), Set.of("existing_token_expire_in_seconds"));
    if (!"TOKEN".equals(recipient.path("authentication_type").asText())) {
      throw new EmulatorError(400, "INVALID_PARAMETER_VALUE", "only TOKEN recipients have tokens");
    }
    long expireExisting = Instant.now().plusSeconds(body.get("existing_token_expire_in_seconds").asLong()).toEpochMilli();
    ArrayNode tokens = (ArrayNode) recipient.get("tokens");
    long lifetime = recipient.has("expiration_time") ? recipient.get("expiration_time").asLong() : longestTokenExpiry();
    for (JsonNode t : tokens) {
      ((ObjectNode) t).put("expiration_time", Math.min(t.path("expiration_time").asLong(), expireExisting));
    }
    tokens.add(newToken(Math.min(longestTokenExpiry(), Math.max(lifetime, Instant.now().plus(Duration.ofDays(1))
        .toEpochMilli()))));
    return (withoutBearerTokens(recipient));
  }

  private ObjectNode newToken(long expiry) {
    String id = UUID.randomUUID().toString();
    return JSON.createObjectNode().put("id", id).put("created_at", Instant.now().toEpochMilli())
        .put("expiration_time", expiry).put("activation_url", host.get() + "/delta_sharing/retrieve_config.html?"
            + UUID.randomUUID()).put("bearer_token", "dss-" + UUID.randomUUID());
  }

  /** The bearer token itself is only ever handed out through the activation link. */
  private static ObjectNode withoutBearerTokens(ObjectNode recipient) {
    ObjectNode copy = recipient.deepCopy();
    copy.path("tokens").forEach(t -> ((ObjectNode) t).remove("bearer_token"));
    return copy;
  }

  /** An activation link is shown once, at creation or rotation: reads never return it. */
  static ObjectNode withoutActivationUrls(ObjectNode recipient) {
    ObjectNode copy = withoutBearerTokens(recipient);
    copy.path("tokens").forEach(t -> ((ObjectNode) t).remove("activation_url"));
    copy.remove("activation_url");
    return copy;
  }
}
