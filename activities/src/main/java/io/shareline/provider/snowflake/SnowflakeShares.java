package io.shareline.provider.snowflake;

import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The provider-side share operations, each idempotent so a retried stage repeats it safely: provision a
 * database with a private and a public schema, a share with USAGE on both the database and the public
 * schema; add or remove a consumer account (refusing another region before Snowflake does); prove a share
 * attached and still empty; publish a secure view and keep its grant when it is replaced
 * ({@code COPY GRANTS}, then the grant again); load a job's staged files exactly once; count a job's rows.
 * Every identifier is quoted, so any name survives.
 */
public final class SnowflakeShares {
  /** Where one connector's objects live. */
  public record Layout(String database, String privateSchema, String publicSchema, String share) {}

  /** What the zero-data check found: whether the consumer is on the share and what the share holds. */
  public record ShareContents(boolean consumerAttached, List<String> objects) {
    public boolean attachedAndEmpty() {
      return consumerAttached && objects.isEmpty();
    }
  }

  private final SnowflakeSqlApi api;

  /** Files one COPY statement may name, as the COPY INTO page documents. */
  static final int FILES_PER_COPY = 1_000;

  public SnowflakeShares(SnowflakeSqlApi api) {
    this.api = api;
  }

  public void provision(Layout l) {
    run("create database", "CREATE DATABASE IF NOT EXISTS " + q(l.database()));
    run("create private schema", "CREATE SCHEMA IF NOT EXISTS " + q(l.database(), l.privateSchema()));
    run("create public schema", "CREATE SCHEMA IF NOT EXISTS " + q(l.database(), l.publicSchema()));
    run("create share", "CREATE SHARE IF NOT EXISTS " + q(l.share()));
    run("grant database usage to share", "GRANT USAGE ON DATABASE " + q(l.database()) + " TO SHARE " + q(l.share()));
    run("grant schema usage to share", "GRANT USAGE ON SCHEMA " + q(l.database(), l.publicSchema()) + " TO SHARE "
        + q(l.share()));
  }

  /**
   * Adds the consumer to the share. A direct share reaches only accounts of the provider's region: for
   * another region this fails (PROVIDER_CONFIG) before asking Snowflake, saying what to enable instead.
   *
   * @param consumerRegion the consumer's region as CURRENT_REGION() names it (AWS_US_EAST_1), or null if unknown
   */
  public void addConsumer(Layout l, SnowflakeAccountId consumer, String consumerRegion) {
    String ours = providerRegion();
    if (consumerRegion != null && !region(consumerRegion).equals(region(ours))) {
      throw new ProviderException(Failures.PROVIDER_CONFIG, "Account " + consumer.sqlForm() + " is in " + consumerRegion
          + " and the provider account in " + ours + ": a direct share reaches only its own region. Publish the share"
          + " as a private listing with cross-region auto-fulfillment (ACCOUNTADMIN enables auto-fulfillment for the"
          + " organization), or use a provider account in " + consumerRegion);
    }
    run("add account to share", "ALTER SHARE " + q(l.share()) + " ADD ACCOUNTS = " + consumer.sqlForm());
  }

  /** Revoke: the account leaves the share; the data stays. */
  public void removeConsumer(Layout l, SnowflakeAccountId consumer) {
    run("remove account from share", "ALTER SHARE " + q(l.share()) + " REMOVE ACCOUNTS = " + consumer.sqlForm());
  }

  /** The accounts on the share, in SQL form (ORG.ACCOUNT), from {@code SHOW GRANTS OF SHARE}. */
  public Set<String> consumers(Layout l) {
    SnowflakeResult r = run("list share accounts", "SHOW GRANTS OF SHARE " + q(l.share()));
    Set<String> accounts = new TreeSet<>();
    r.rows().forEach(row -> accounts.add(r.cell(row, "grantee_name").toUpperCase(Locale.ROOT)));
    return accounts;
  }

  /**
   * Zero-data verification: the consumer is on the share ({@code SHOW GRANTS OF SHARE}) and the share grants
   * nothing but USAGE on its database and schema ({@code SHOW GRANTS TO SHARE}; {@code DESCRIBE SHARE} would
   * say the same but needs ACCOUNTADMIN).
   */
  public ShareContents contents(Layout l, SnowflakeAccountId consumer) {
    boolean attached = consumers(l).stream().anyMatch(a -> a.equals(consumer.sqlForm())
        || a.endsWith("." + consumer.sqlForm()));
    SnowflakeResult r = run("list share grants", "SHOW GRANTS TO SHARE " + q(l.share()));
    List<String> objects = new ArrayList<>();
    for (List<String> row : r.rows()) {
      String kind = r.cell(row, "granted_on");
      if (!kind.equals("DATABASE") && !kind.equals("SCHEMA")) {
        objects.add(kind + " " + r.cell(row, "name"));
      }
    }
    return new ShareContents(attached, objects);
  }

  /** Views the share grants SELECT on, as {@code DB.SCHEMA.VIEW}, from {@code SHOW GRANTS TO SHARE}. */
  public Set<String> sharedViews(Layout l) {
    SnowflakeResult r = run("list share grants", "SHOW GRANTS TO SHARE " + q(l.share()));
    Set<String> views = new TreeSet<>();
    for (List<String> row : r.rows()) {
      if (r.cell(row, "privilege").equals("SELECT") && r.cell(row, "granted_on").equals("VIEW")) {
        views.add(r.cell(row, "name"));
      }
    }
    return views;
  }

  /**
   * Creates or replaces a secure view in the public schema and grants it to the share. {@code COPY GRANTS}
   * keeps an existing grant through the replacement; the grant is issued again all the same, so a view
   * replaced without it (by hand) is shared again.
   */
  public void publishView(Layout l, String view, String select) {
    run("publish view " + view, "CREATE OR REPLACE SECURE VIEW " + q(l.database(), l.publicSchema(), view)
        + " COPY GRANTS AS " + select);
    run("grant view " + view + " to share", "GRANT SELECT ON VIEW " + q(l.database(), l.publicSchema(), view)
        + " TO SHARE " + q(l.share()));
  }

  /**
   * Loads a job's staged files into a private table exactly once, also beyond Snowflake's 64-day load
   * metadata: one transaction (a multi-statement request) deletes the job's rows and copies its files with
   * FORCE, so a repeated or retried load replaces its own rows instead of adding them twice, and a load that
   * fails half-way leaves the table as it was. The files carry the job column.
   */
  public long loadJob(Layout l, String table, String jobColumn, String jobId, String stage, String path,
      List<String> files) {
    loadJobs(l, table, jobColumn, List.of(jobId), stage, path, files);
    return jobRows(l, table, jobColumn, jobId);
  }

  /**
   * {@link #loadJob} for the jobs of a batch: one transaction deletes all their rows and copies all their
   * files ({@code path}-relative names, at most {@link #FILES_PER_COPY} per COPY statement).
   */
  public void loadJobs(Layout l, String table, String jobColumn, List<String> jobIds, String stage, String path,
      List<String> files) {
    String target = q(l.database(), l.privateSchema(), table);
    List<SnowflakeStatement> statements = new ArrayList<>();
    statements.add(SnowflakeStatement.of("BEGIN TRANSACTION"));
    SnowflakeStatement delete = SnowflakeStatement.of("DELETE FROM " + target + " WHERE " + q(jobColumn) + " IN ("
        + String.join(", ", java.util.Collections.nCopies(jobIds.size(), "?")) + ")");
    for (String job : jobIds) {
      delete = delete.text(job);
    }
    statements.add(delete);
    for (int from = 0; from < files.size(); from += FILES_PER_COPY) {
      StringBuilder list = new StringBuilder();
      for (String f : files.subList(from, Math.min(files.size(), from + FILES_PER_COPY))) {
        list.append(list.length() == 0 ? "" : ", ").append(literal(f));
      }
      statements.add(SnowflakeStatement.of("COPY INTO " + target + " FROM @" + q(l.database(), l.privateSchema(), stage)
          + "/" + path + " FILES = (" + list + ") FILE_FORMAT = (TYPE = PARQUET USE_LOGICAL_TYPE = TRUE)"
          + " MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE"
          + " FORCE = TRUE"));
    }
    statements.add(SnowflakeStatement.of("COMMIT"));
    api.executeAll("load " + jobIds.size() + " job(s) into " + table, statements, api.context());
  }

  /** Rows per job of a private table, from one grouped count; a job without rows is absent. */
  public java.util.Map<String, Long> jobRows(Layout l, String table, String jobColumn, List<String> jobIds) {
    SnowflakeStatement count = SnowflakeStatement.of("SELECT " + q(jobColumn) + ", COUNT(*) FROM "
        + q(l.database(), l.privateSchema(), table) + " WHERE " + q(jobColumn) + " IN ("
        + String.join(", ", java.util.Collections.nCopies(jobIds.size(), "?")) + ") GROUP BY " + q(jobColumn));
    for (String job : jobIds) {
      count = count.text(job);
    }
    java.util.Map<String, Long> rows = new java.util.HashMap<>();
    api.execute("count the jobs' rows in " + table, count).rows()
        .forEach(r -> rows.put(r.get(0), Long.parseLong(r.get(1).trim())));
    return rows;
  }

  /** A secure view in the public schema, unless one of that name exists (it is never replaced here). */
  public void createView(Layout l, String view, String select) {
    run("create view " + view, "CREATE SECURE VIEW IF NOT EXISTS " + q(l.database(), l.publicSchema(), view)
        + " AS " + select);
  }

  /** SELECT on a public view for the share; granting what the share holds already changes nothing. */
  public void grantView(Layout l, String view) {
    run("grant view " + view + " to share", "GRANT SELECT ON VIEW " + q(l.database(), l.publicSchema(), view)
        + " TO SHARE " + q(l.share()));
  }

  /** Purge: a private table and its rows go; the views over it stop answering. */
  public void dropTable(Layout l, String table) {
    run("drop table " + table, "DROP TABLE IF EXISTS " + q(l.database(), l.privateSchema(), table));
  }

  /** The rows a view answers: VERIFY's count as the share's consumers would see them. */
  public long viewRows(Layout l, String view) {
    return run("count rows of view " + view, "SELECT COUNT(*) FROM " + q(l.database(), l.publicSchema(), view))
        .singleNumber().orElseThrow(() -> new ProviderException(Failures.PROVIDER_INVALID,
            "counting the rows of view " + view + " returned no number"));
  }

  /** A view's column names, in order. */
  public List<String> viewColumns(Layout l, String view) {
    return run("read columns of view " + view, "SELECT * FROM " + q(l.database(), l.publicSchema(), view) + " LIMIT 0")
        .columns().stream().map(SnowflakeResult.Column::name).toList();
  }

  static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  /** The job's rows in a private table: VERIFY compares it with the staged count. */
  public long jobRows(Layout l, String table, String jobColumn, String jobId) {
    SnowflakeResult r = api.execute("count job rows", SnowflakeStatement.of("SELECT COUNT(*) FROM "
        + q(l.database(), l.privateSchema(), table) + " WHERE " + q(jobColumn) + " = ?").text(jobId));
    return r.singleNumber().orElseThrow(() -> new ProviderException(Failures.PROVIDER_INVALID,
        "counting the job's rows in " + table + " returned no number"));
  }

  /** A provider table in the private schema; an existing one is left as it is. */
  public void createTable(Layout l, String table, List<SnowflakeTypes.Column> columns) {
    StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS " + q(l.database(), l.privateSchema(), table) + " (");
    for (int i = 0; i < columns.size(); i++) {
      ddl.append(i == 0 ? "" : ", ").append(q(columns.get(i).name())).append(' ').append(columns.get(i).type());
    }
    run("create table " + table, ddl.append(")").toString());
  }

  /** The public view's definition as {@code SHOW VIEWS} gives it (its CREATE statement), or empty when absent. */
  public java.util.Optional<String> viewDefinition(Layout l, String view) {
    SnowflakeResult r = run("read view " + view, "SHOW VIEWS LIKE '" + view.replace("'", "''") + "' IN SCHEMA "
        + q(l.database(), l.publicSchema()));
    return r.rows().stream().filter(row -> r.cell(row, "name").equals(view)).map(row -> r.cell(row, "text")).findFirst();
  }

  /** VERIFY: the view (say {@code __LATEST}) reads the versioned view named, and nothing older. */
  public boolean readsFrom(Layout l, String view, String versionedView) {
    return viewDefinition(l, view).map(text -> text.contains(q(l.database(), l.publicSchema(), versionedView)))
        .orElse(false);
  }

  /** An external stage over Shareline's bucket through the storage integration. */
  public void createStage(Layout l, String stage, String url, String integration) {
    run("create stage", "CREATE STAGE IF NOT EXISTS " + q(l.database(), l.privateSchema(), stage) + " URL = '"
        + url.replace("'", "''") + "' STORAGE_INTEGRATION = " + q(integration) + " FILE_FORMAT = (TYPE = PARQUET USE_LOGICAL_TYPE = TRUE)");
  }

  String providerRegion() {
    SnowflakeResult r = run("read provider region", "SELECT CURRENT_REGION()");
    return r.rows().get(0).get(0);
  }

  /** Region names compare without their region group ({@code PUBLIC.AWS_US_EAST_1}) and case. */
  private static String region(String name) {
    String n = name.toUpperCase(Locale.ROOT);
    return n.contains(".") ? n.substring(n.lastIndexOf('.') + 1) : n;
  }

  private SnowflakeResult run(String purpose, String sql) {
    return api.execute(purpose, SnowflakeStatement.of(sql));
  }

  /** A double-quoted (case-kept) identifier path. */
  static String q(String... parts) {
    StringBuilder out = new StringBuilder();
    for (String p : parts) {
      out.append(out.length() == 0 ? "" : ".").append('"').append(p.replace("\"", "\"\"")).append('"');
    }
    return out.toString();
  }
}
