package io.shareline.provider.snowflake;

import io.shareline.provider.snowflake.EmulatedAccount.Database;
import io.shareline.provider.snowflake.EmulatedAccount.Schema;
import io.shareline.provider.snowflake.EmulatedAccount.Share;
import io.shareline.provider.snowflake.EmulatedAccount.View;
import io.shareline.provider.snowflake.EmulatedSnowflake.Session;
import java.util.ArrayList;
import java.util.List;

/**
 * Shares as the secure data sharing documentation describes them: one database per share (plus
 * databases granted REFERENCE_USAGE), USAGE on the database and schemas, SELECT on secure views only,
 * consumer accounts in the provider's region only, and consumers reading the granted views through a
 * database created FROM SHARE.
 */
final class EmulatedShares {
  private final EmulatedSnowflake snowflake;

  EmulatedShares(EmulatedSnowflake snowflake) {
    this.snowflake = snowflake;
  }

  EmulatedRows create(Session s, SqlTokens t, boolean replace) {
    boolean ifNotExists = t.accept("IF", "NOT", "EXISTS");
    String name = t.qualifiedName().get(0);
    t.end();
    EmulatedAccount a = s.account();
    if (!a.may(s.role(), "CREATE SHARE", "ACCOUNT", a.locator)) {
      throw EmulatorFailure.denied("account " + a.locator + " (CREATE SHARE)");
    }
    if (a.shares.containsKey(name) && !replace) {
      if (ifNotExists) {
        return EmulatedRows.status(name + " already exists, statement succeeded.");
      }
      throw EmulatorFailure.exists("Share", name);
    }
    a.shares.put(name, new Share(a, name, s.role()));
    return EmulatedRows.status("Share " + name + " successfully created.");
  }

  EmulatedRows grant(Session s, boolean revoke, String privilege, String kind, List<String> object, String shareName) {
    Share share = owned(s, shareName);
    EmulatedAccount a = s.account();
    String done = "Statement executed successfully.";
    switch (privilege + " " + kind) {
      case "USAGE DATABASE", "REFERENCE_USAGE DATABASE" -> {
        String db = object.get(0);
        Database d = a.database(db);
        if (!d.ownerRole.equals(s.role())) {
          throw EmulatorFailure.denied("database " + db);
        }
        var set = privilege.equals("USAGE") ? share.usageDatabases : share.referenceDatabases;
        if (revoke) {
          set.remove(db);
        } else if (privilege.equals("USAGE") && !share.usageDatabases.isEmpty() && !share.usageDatabases.contains(db)) {
          throw EmulatorFailure.shareRefused("A share can include only one database: share '" + shareName
              + "' already includes database '" + share.usageDatabases.iterator().next() + "'.");
        } else {
          set.add(db);
        }
      }
      case "USAGE SCHEMA" -> {
        String db = object.size() == 2 ? object.get(0) : s.database();
        a.schema(db, object.get(object.size() - 1));
        String key = db + "." + object.get(object.size() - 1);
        if (revoke) {
          share.usageSchemas.remove(key);
        } else {
          share.usageSchemas.add(key);
        }
      }
      case "SELECT VIEW" -> {
        List<String> full = EmulatedCatalog.full(s, object);
        Schema schema = a.schema(full.get(0), full.get(1));
        View view = schema.views.get(full.get(2));
        String key = String.join(".", full);
        if (view == null) {
          throw EmulatorFailure.missing("View", key);
        }
        if (revoke) {
          share.views.remove(key);
          return EmulatedRows.status(done);
        }
        if (!view.secure()) {
          throw EmulatorFailure.shareRefused("A view or function being shared cannot be non-secure: '" + key + "'.");
        }
        for (String other : view.referencedDatabases()) {
          if (!share.referenceDatabases.contains(other)) {
            throw EmulatorFailure.shareRefused("View '" + key + "' references database '" + other + "', which is not"
                + " the shared database: GRANT REFERENCE_USAGE ON DATABASE " + other + " TO SHARE " + shareName + " first.");
          }
        }
        share.views.add(key);
      }
      default -> throw EmulatorFailure.syntax(0, "granting " + privilege + " on " + kind + " to a share is not modelled");
    }
    return EmulatedRows.status(done);
  }

  EmulatedRows alter(Session s, SqlTokens t) {
    Share share = owned(s, t.qualifiedName().get(0));
    boolean add = t.accept("ADD");
    if (!add) {
      t.expect("REMOVE");
    }
    t.expect("ACCOUNTS");
    t.expect("=");
    List<String> ids = new ArrayList<>();
    do {
      ids.add(String.join(".", t.qualifiedName()));
    } while (t.accept(","));
    t.end();
    for (String id : ids) {
      EmulatedAccount consumer = snowflake.find(id);
      if (consumer == null) {
        throw EmulatorFailure.statement("002003", "02000", "SQL compilation error:\nAccount '" + id
            + "' does not exist or not authorized.");
      }
      if (!add) {
        share.accounts.remove(consumer.locator);
      } else if (!consumer.region.equals(s.account().region)) {
        throw EmulatorFailure.shareRefused("Cannot add account '" + id + "' in region " + consumer.region + " to share '"
            + share.name + "' of an account in region " + s.account().region + ": direct shares reach accounts of the"
            + " same region only; use a listing with cross-region auto-fulfillment or replicate the database.");
      } else {
        share.accounts.add(consumer.locator);
      }
    }
    return EmulatedRows.status("Statement executed successfully.");
  }

  EmulatedRows grantsToShare(Session s, String shareName) {
    Share share = owned(s, shareName);
    EmulatedRows.Builder rows = EmulatedRows.show("created_on", "privilege", "granted_on", "name", "granted_to",
        "grantee_name", "grant_option", "granted_by");
    String grantee = s.account().locator + "." + share.name;
    share.usageDatabases.forEach(d -> rows.row("", "USAGE", "DATABASE", d, "SHARE", grantee, "false", share.ownerRole));
    share.referenceDatabases.forEach(d -> rows.row("", "REFERENCE_USAGE", "DATABASE", d, "SHARE", grantee, "false",
        share.ownerRole));
    share.usageSchemas.forEach(x -> rows.row("", "USAGE", "SCHEMA", x, "SHARE", grantee, "false", share.ownerRole));
    share.views.forEach(v -> rows.row("", "SELECT", "VIEW", v, "SHARE", grantee, "false", share.ownerRole));
    return rows.build();
  }

  EmulatedRows grantsOfShare(Session s, String shareName) {
    Share share = owned(s, shareName);
    EmulatedRows.Builder rows = EmulatedRows.show("created_on", "share", "granted_to", "grantee_name", "granted_by");
    for (String locator : share.accounts) {
      EmulatedAccount c = snowflake.accounts.get(locator);
      rows.row("", s.account().locator + "." + share.name, "ACCOUNT", c.organization + "." + c.name, share.ownerRole);
    }
    return rows.build();
  }

  /** Documented: only ACCOUNTADMIN may describe a share, whoever owns it. */
  EmulatedRows describe(Session s, SqlTokens t) {
    if (!s.role().equalsIgnoreCase("ACCOUNTADMIN")) {
      throw EmulatorFailure.denied("share " + t.peek().text() + " (DESCRIBE SHARE needs the ACCOUNTADMIN role)");
    }
    Share share = owned(s, t.qualifiedName().get(0));
    t.end();
    EmulatedRows.Builder rows = EmulatedRows.show("kind", "name", "shared_on");
    share.usageDatabases.forEach(d -> rows.row("DATABASE", d, ""));
    share.usageSchemas.forEach(x -> rows.row("SCHEMA", x, ""));
    share.views.forEach(v -> rows.row("VIEW", v, ""));
    return rows.build();
  }

  EmulatedRows grantsToRole(Session s, String role) {
    EmulatedRows.Builder rows = EmulatedRows.show("created_on", "privilege", "granted_on", "name", "granted_to",
        "grantee_name", "grant_option", "granted_by");
    EmulatedAccount a = s.account();
    a.rolePrivileges.getOrDefault(role, java.util.Set.of()).forEach(p ->
        rows.row("", p.privilege(), p.grantedOn(), p.name(), "ROLE", role, "false", "ACCOUNTADMIN"));
    a.databases.values().stream().filter(d -> d.ownerRole.equals(role))
        .forEach(d -> rows.row("", "OWNERSHIP", "DATABASE", d.name, "ROLE", role, "true", role));
    a.shares.values().stream().filter(x -> x.ownerRole.equals(role))
        .forEach(x -> rows.row("", "OWNERSHIP", "SHARE", x.name, "ROLE", role, "true", role));
    return rows.build();
  }

  /** A consumer's {@code CREATE DATABASE … FROM SHARE <provider>.<share>}: only for an account the share lists. */
  EmulatedRows importDatabase(Session s, String name, List<String> from) {
    EmulatedAccount consumer = s.account();
    if (from.size() != 2 && from.size() != 3) {
      throw EmulatorFailure.syntax(0, "FROM SHARE needs <provider account>.<share>");
    }
    String providerId = String.join(".", from.subList(0, from.size() - 1));
    EmulatedAccount provider = snowflake.find(providerId);
    Share share = provider == null ? null : provider.shares.get(from.get(from.size() - 1));
    if (share == null || !share.accounts.contains(consumer.locator)) {
      throw EmulatorFailure.missing("Shared database", String.join(".", from));
    }
    if (!consumer.may(s.role(), "CREATE DATABASE", "ACCOUNT", consumer.locator)) {
      throw EmulatorFailure.denied("account " + consumer.locator + " (CREATE DATABASE)");
    }
    consumer.databases.put(name, new Database(name, s.role(), share));
    return EmulatedRows.status("Database " + name + " successfully created.");
  }

  /**
   * The H2 name a statement's object reaches: an own table or view, or — through a database created FROM
   * SHARE — a view the share grants, while the consumer is still on the share.
   */
  String resolve(Session s, List<String> full, boolean write) {
    EmulatedAccount a = s.account();
    String key = String.join(".", full);
    Database d = a.databases.get(full.get(0));
    if (d == null) {
      throw EmulatorFailure.missing("Object", key);
    }
    if (d.imported != null) {
      Share share = d.imported;
      String sharedDb = share.usageDatabases.isEmpty() ? null : share.usageDatabases.iterator().next();
      String providerKey = sharedDb + "." + full.get(1) + "." + full.get(2);
      if (write || sharedDb == null || !share.accounts.contains(a.locator)
          || !share.usageSchemas.contains(sharedDb + "." + full.get(1)) || !share.views.contains(providerKey)) {
        throw EmulatorFailure.missing("Object", key);
      }
      return EmulatedCatalog.h2Name(share.provider, List.of(sharedDb, full.get(1), full.get(2)));
    }
    Schema schema = d.schemas.get(full.get(1));
    boolean exists = schema != null && (schema.tables.contains(full.get(2)) || (!write && schema.views.containsKey(full.get(2))));
    if (!exists) {
      throw EmulatorFailure.missing("Object", key);
    }
    if (!d.ownerRole.equals(s.role())) {
      throw EmulatorFailure.denied((write ? "table " : "object ") + key);
    }
    return EmulatedCatalog.h2Name(a, full);
  }

  private static Share owned(Session s, String name) {
    Share share = s.account().share(name);
    if (!share.ownerRole.equals(s.role())) {
      throw EmulatorFailure.denied("share " + name);
    }
    return share;
  }
}
