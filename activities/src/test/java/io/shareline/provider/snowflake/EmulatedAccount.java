package io.shareline.provider.snowflake;

import java.security.interfaces.RSAPublicKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One account of the emulated deployment: its identifiers and region, users with their registered
 * public keys and roles, the privileges granted to each role, warehouses and storage integrations, and
 * the objects it holds (databases with schemas, tables, views and stages; shares).
 */
final class EmulatedAccount {
  record Privilege(String privilege, String grantedOn, String name) {}

  /** A view: {@code text} is its CREATE statement, as SHOW VIEWS gives it. */
  record View(String name, boolean secure, Set<String> referencedDatabases, String text) {}

  record Stage(String name, String url, String integration) {}

  static final class Schema {
    final String name;
    final Set<String> tables = new LinkedHashSet<>();
    final Map<String, View> views = new LinkedHashMap<>();
    final Map<String, Stage> stages = new LinkedHashMap<>();

    Schema(String name) {
      this.name = name;
    }
  }

  static final class Database {
    final String name;
    final String ownerRole;
    /** Set for a database created FROM SHARE: its objects are the share's. */
    final Share imported;
    final Map<String, Schema> schemas = new LinkedHashMap<>();

    Database(String name, String ownerRole, Share imported) {
      this.name = name;
      this.ownerRole = ownerRole;
      this.imported = imported;
    }
  }

  static final class Share {
    final EmulatedAccount provider;
    final String name;
    final String ownerRole;
    final Set<String> usageDatabases = new LinkedHashSet<>();
    final Set<String> referenceDatabases = new LinkedHashSet<>();
    final Set<String> usageSchemas = new LinkedHashSet<>();
    final Set<String> views = new LinkedHashSet<>();
    /** Consumer accounts by locator. */
    final Set<String> accounts = new LinkedHashSet<>();

    Share(EmulatedAccount provider, String name, String ownerRole) {
      this.provider = provider;
      this.name = name;
      this.ownerRole = ownerRole;
    }
  }

  final String organization;
  final String name;
  final String locator;
  final String region;
  final Map<String, RSAPublicKey> userKeys = new HashMap<>();
  final Map<String, Set<String>> userRoles = new HashMap<>();
  final Map<String, String> defaultRoles = new HashMap<>();
  final Map<String, Set<Privilege>> rolePrivileges = new HashMap<>();
  final Set<String> warehouses = new LinkedHashSet<>();
  final Set<String> integrations = new LinkedHashSet<>();
  final Map<String, Database> databases = new LinkedHashMap<>();
  final Map<String, Share> shares = new LinkedHashMap<>();

  EmulatedAccount(String organization, String name, String locator, String region) {
    this.organization = organization;
    this.name = name;
    this.locator = locator;
    this.region = region;
  }

  /** Every identifier the account answers to: {@code ORG-ACCOUNT}, {@code ORG.ACCOUNT} and its locator. */
  List<String> identifiers() {
    return List.of(organization + "-" + name, organization + "." + name, locator);
  }

  boolean may(String role, String privilege, String grantedOn, String object) {
    return rolePrivileges.getOrDefault(role, Set.of()).contains(new Privilege(privilege, grantedOn, object));
  }

  void grant(String role, String privilege, String grantedOn, String object) {
    rolePrivileges.computeIfAbsent(role, r -> new LinkedHashSet<>()).add(new Privilege(privilege, grantedOn, object));
  }

  Database database(String db) {
    Database d = databases.get(db);
    if (d == null) {
      throw EmulatorFailure.missing("Database", db);
    }
    return d;
  }

  Schema schema(String db, String schema) {
    Schema s = database(db).schemas.get(schema);
    if (s == null) {
      throw EmulatorFailure.missing("Schema", db + "." + schema);
    }
    return s;
  }

  Share share(String share) {
    Share s = shares.get(share);
    if (s == null) {
      throw EmulatorFailure.missing("Share", share);
    }
    return s;
  }

  /** The H2 schema holding a Snowflake schema's tables and views: one namespace per account. */
  String h2Schema(String db, String schema) {
    return quote(locator + "__" + db + "__" + schema);
  }

  static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
