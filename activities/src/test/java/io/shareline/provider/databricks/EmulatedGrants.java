package io.shareline.provider.databricks;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Unity Catalog's privilege model as the emulator keeps it: securables named {@code metastore},
 * {@code catalog:c}, {@code schema:c.s}, {@code table:c.s.t}, {@code share:n}, {@code recipient:n},
 * {@code external_location:n}; an owner per securable (who holds every privilege on it and on what it
 * contains), grants per principal, privileges on a catalog or schema inherited by what lies inside, and
 * metastore admins who pass every check. Privileges are spelled as the REST API does ({@code USE_CATALOG}).
 */
final class EmulatedGrants {
  private final Map<String, String> owners = new TreeMap<>();
  private final Map<String, Map<String, Set<String>>> grants = new TreeMap<>();
  private final Set<String> admins = new LinkedHashSet<>();

  synchronized void admin(String principal) {
    admins.add(principal);
  }

  synchronized void own(String securable, String principal) {
    owners.put(securable, principal);
  }

  synchronized String owner(String securable) {
    return owners.get(securable);
  }

  synchronized void grant(String securable, String principal, String... privileges) {
    grants.computeIfAbsent(securable, s -> new TreeMap<>()).computeIfAbsent(principal, p -> new LinkedHashSet<>())
        .addAll(List.of(privileges));
  }

  synchronized void revoke(String securable, String principal, String privilege) {
    grants.getOrDefault(securable, Map.of()).getOrDefault(principal, new LinkedHashSet<>()).remove(privilege);
  }

  synchronized void forget(String securable) {
    owners.remove(securable);
    grants.remove(securable);
  }

  synchronized boolean isAdmin(String principal) {
    return admins.contains(principal);
  }

  /** Owner of the securable or of one containing it, admin, or the privilege granted here or above. */
  synchronized boolean has(String principal, String securable, String privilege) {
    if (admins.contains(principal)) {
      return true;
    }
    for (String s : withParents(securable)) {
      if (principal.equals(owners.get(s))) {
        return true;
      }
      Set<String> held = grants.getOrDefault(s, Map.of()).getOrDefault(principal, Set.of());
      if (held.contains(privilege) || held.contains("ALL_PRIVILEGES")) {
        return true;
      }
    }
    return false;
  }

  /** Ownership of this securable itself (or admin): what granting on it or deleting it needs. */
  synchronized boolean owns(String principal, String securable) {
    return admins.contains(principal) || principal.equals(owners.get(securable));
  }

  void require(String principal, String securable, String privilege) {
    if (!has(principal, securable, privilege)) {
      throw EmulatorError.denied(principal, privilege, securable);
    }
  }

  void requireOwner(String principal, String securable) {
    if (!owns(principal, securable)) {
      throw new EmulatorError(403, "PERMISSION_DENIED", "User " + principal + " is not an owner of "
          + securable.replace(':', ' ') + ".");
    }
  }

  /** USE CATALOG and USE SCHEMA on the parents of a schema or table. */
  void requireUse(String principal, String catalog, String schema) {
    require(principal, "catalog:" + catalog, "USE_CATALOG");
    if (schema != null) {
      require(principal, "schema:" + catalog + "." + schema, "USE_SCHEMA");
    }
  }

  /** Privileges granted to the principal here and above (not ownership), with where each comes from. */
  synchronized Map<String, String> effective(String principal, String securable) {
    Map<String, String> out = new TreeMap<>();
    for (String s : withParents(securable)) {
      grants.getOrDefault(s, Map.of()).getOrDefault(principal, Set.of()).forEach(p -> out.putIfAbsent(p, s));
    }
    return out;
  }

  /** {@code table:c.s.t} → itself, {@code schema:c.s}, {@code catalog:c}, {@code metastore}. */
  private static List<String> withParents(String securable) {
    int colon = securable.indexOf(':');
    String type = colon < 0 ? securable : securable.substring(0, colon);
    String[] parts = colon < 0 ? new String[0] : securable.substring(colon + 1).split("\\.");
    return switch (type) {
      case "table" -> List.of(securable, "schema:" + parts[0] + "." + parts[1], "catalog:" + parts[0], "metastore");
      case "schema" -> List.of(securable, "catalog:" + parts[0], "metastore");
      case "metastore" -> List.of(securable);
      default -> List.of(securable, "metastore");
    };
  }
}
