package io.shareline.provider.databricks;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import io.shareline.common.Failures;
import io.shareline.progress.Progress;
import io.shareline.provider.ProviderException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Turns Databricks answers into stable failure types by their {@code error_code} (the HTTP status only
 * when there is no code), each with the operator's next step. Server messages are kept (they name the
 * object) but scrubbed of every secret the provider holds.
 *
 * <p>A 404 means "absent" only with {@code RESOURCE_DOES_NOT_EXIST} (or an object's own
 * {@code *_DOES_NOT_EXIST}): {@code ENDPOINT_NOT_FOUND}, {@code FEATURE_DISABLED} or a 404 without a
 * code (another site answered: a wrong workspace URL) is the workspace's configuration, never a reason
 * to create the object.
 */
final class DatabricksErrors {

  /** What an error code means for Shareline and what ops do about it. */
  record Meaning(Failures type, String nextStep) {}

  private static final Meaning TAKEN = new Meaning(Failures.PROVIDER_CONFLICT,
      "Another object holds this name: rename or remove it in the workspace, then retry the stage");
  private static final Meaning REFUSED = new Meaning(Failures.PROVIDER_INVALID,
      "The request was refused as invalid: check the databricks.* settings and the connector's recipient");
  private static final Meaning THROTTLED = new Meaning(Failures.PROVIDER_TRANSIENT,
      "Databricks is throttling: the stage retries by itself");
  private static final Meaning UNAVAILABLE = new Meaning(Failures.PROVIDER_TRANSIENT,
      "Databricks is unavailable: the stage retries by itself");

  /** Every documented code the provider meets, with the operator's next step. */
  static final Map<String, Meaning> BY_CODE = Map.ofEntries(
      Map.entry("RESOURCE_DOES_NOT_EXIST", new Meaning(Failures.PROVIDER_INVALID,
          "An object that must exist is missing: provision the connector again")),
      Map.entry("RESOURCE_ALREADY_EXISTS", TAKEN),
      Map.entry("ALREADY_EXISTS", TAKEN),
      Map.entry("RESOURCE_CONFLICT", new Meaning(Failures.PROVIDER_CONFLICT,
          "Another change to this object is under way: retry the stage once it is done")),
      Map.entry("ENDPOINT_NOT_FOUND", new Meaning(Failures.PROVIDER_CONFIG,
          "The workspace does not serve this API: set databricks.host to the workspace URL (not the account"
              + " console) of a workspace with Unity Catalog")),
      Map.entry("FEATURE_DISABLED", new Meaning(Failures.PROVIDER_CONFIG,
          "The feature is disabled for this workspace or metastore: enable Delta Sharing (and open sharing for"
              + " token recipients) on the metastore, see `shareline connector check`")),
      Map.entry("NOT_IMPLEMENTED", new Meaning(Failures.PROVIDER_CONFIG,
          "The workspace does not implement this call: check the workspace's cloud and tier")),
      Map.entry("METASTORE_DOES_NOT_EXIST", new Meaning(Failures.PROVIDER_CONFIG,
          "The workspace has no Unity Catalog metastore assigned: assign one")),
      Map.entry("CATALOG_DOES_NOT_EXIST", new Meaning(Failures.PROVIDER_CONFIG,
          "databricks.catalog names no catalog of this metastore: create it or fix the setting")),
      Map.entry("UNAUTHENTICATED", new Meaning(Failures.PROVIDER_AUTH,
          "Check the credentials (DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET): expired,"
              + " revoked or for another workspace")),
      Map.entry("PERMISSION_DENIED", new Meaning(Failures.PROVIDER_PERMISSION_DENIED,
          "Grant the privilege named above, see docs/databricks-endpoints.md for what each call needs")),
      Map.entry("INVALID_PARAMETER_VALUE", REFUSED),
      Map.entry("BAD_REQUEST", REFUSED),
      Map.entry("INVALID_STATE", new Meaning(Failures.PROVIDER_INVALID,
          "The object is in a state that refuses this change: look at it in Catalog Explorer")),
      Map.entry("RESOURCE_EXHAUSTED", new Meaning(Failures.PROVIDER_LIMIT,
          "A workspace quota is reached: raise it with Databricks or remove unused objects")),
      Map.entry("REQUEST_LIMIT_EXCEEDED", THROTTLED),
      Map.entry("TOO_MANY_REQUESTS", THROTTLED),
      Map.entry("TEMPORARILY_UNAVAILABLE", UNAVAILABLE),
      Map.entry("WORKSPACE_TEMPORARILY_UNAVAILABLE", new Meaning(Failures.PROVIDER_TRANSIENT,
          "The workspace is unavailable: the stage retries by itself")),
      Map.entry("INTERNAL_ERROR", new Meaning(Failures.PROVIDER_TRANSIENT,
          "Databricks failed internally: the stage retries by itself")),
      Map.entry("DEADLINE_EXCEEDED", new Meaning(Failures.PROVIDER_TRANSIENT,
          "Databricks timed out: the stage retries by itself")),
      Map.entry("ABORTED", new Meaning(Failures.PROVIDER_TRANSIENT,
          "A concurrent change aborted the call: the stage retries by itself")));

  private final String host;
  private final String principal;
  private final List<String> secrets;

  DatabricksErrors(String host, String principal, List<String> secrets) {
    this.host = host;
    this.principal = principal;
    this.secrets = new CopyOnWriteArrayList<>(secrets);
  }

  /** A secret learned at run time (a verifier's bearer token): scrubbed from every later message. */
  void addSecret(String secret) {
    if (secret != null && !secret.isEmpty() && !secrets.contains(secret)) {
      secrets.add(secret);
    }
  }

  ProviderException classify(String operation, RuntimeException e) {
    if (e instanceof ProviderException pe) {
      return pe;
    }
    DatabricksError error = rootError(e);
    if (error == null) {
      // Not an API answer: the SDK's own configuration or I/O trouble.
      return new ProviderException(Failures.PROVIDER_TRANSIENT,
          operation + " failed before Databricks answered: " + scrub(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    int status = error.getStatusCode();
    String code = error.getErrorCode();
    String what = operation + " failed with " + code + " (HTTP " + status + "): " + scrub(error.getMessage());
    Meaning meaning = meaning(code, status);
    String next = switch (meaning.type()) {
      case PROVIDER_AUTH -> meaning.nextStep() + " for " + host;
      case PROVIDER_PERMISSION_DENIED -> "Grant " + principal + " the privilege named above (CREATE SHARE / CREATE"
          + " RECIPIENT on the metastore, USE CATALOG and CREATE SCHEMA on the catalog, CREATE EXTERNAL TABLE on the"
          + " external location; it must own the shares and recipients it grants)";
      case PROVIDER_CONFIG -> meaning.nextStep() + " (databricks.host " + host + ")";
      default -> meaning.nextStep();
    };
    return new ProviderException(meaning.type(), what + ". " + next + ".",
        meaning.type() == Failures.PROVIDER_TRANSIENT ? RetryAfterRecorder.last().orElse(null) : null);
  }

  /** By code first; by status only when the answer carried no code of ours. */
  static Meaning meaning(String code, int status) {
    if (code != null && BY_CODE.containsKey(code)) {
      return BY_CODE.get(code);
    }
    if (code != null && code.endsWith("_DOES_NOT_EXIST")) {
      return BY_CODE.get("RESOURCE_DOES_NOT_EXIST");
    }
    if (code != null && code.endsWith("_ALREADY_EXISTS")) {
      return BY_CODE.get("RESOURCE_ALREADY_EXISTS");
    }
    if (status == 401) {
      return BY_CODE.get("UNAUTHENTICATED");
    }
    if (status == 403) {
      return BY_CODE.get("PERMISSION_DENIED");
    }
    if (status == 404) {
      // A 404 without a Databricks code is another site's answer: the URL is not a workspace.
      return new Meaning(Failures.PROVIDER_CONFIG, "The answer carried no Databricks error code: databricks.host is"
          + " probably not a workspace URL (https://<workspace>.cloud.databricks.com)");
    }
    if (status == 409) {
      return BY_CODE.get("RESOURCE_CONFLICT");
    }
    if (status == 400) {
      return BY_CODE.get("BAD_REQUEST");
    }
    return BY_CODE.get("TEMPORARILY_UNAVAILABLE");
  }

  /** The object is absent: the only 404 that lets the caller create it or call it gone. */
  static boolean absent(RuntimeException e) {
    DatabricksError error = rootError(e);
    String code = error == null ? null : error.getErrorCode();
    return code != null && (code.equals("RESOURCE_DOES_NOT_EXIST")
        || (code.endsWith("_DOES_NOT_EXIST") && meaning(code, 404).type() == Failures.PROVIDER_INVALID));
  }

  /** RESOURCE_ALREADY_EXISTS, ALREADY_EXISTS or an object's own {@code *_ALREADY_EXISTS}. */
  static boolean alreadyExists(RuntimeException e) {
    DatabricksError error = rootError(e);
    String code = error == null ? null : error.getErrorCode();
    return code != null && (code.equals("ALREADY_EXISTS") || code.endsWith("_ALREADY_EXISTS"));
  }

  /** Runs one SDK call; any failure comes back classified, with this thread's Retry-After. */
  <T> T call(String operation, Supplier<T> body) {
    RetryAfterRecorder.clear();
    Progress.beat(operation);
    try {
      return body.get();
    } catch (RuntimeException e) {
      throw classify(operation, e);
    }
  }

  /** The created object, or empty when it already existed (the caller then reads it back). */
  <T> Optional<T> create(String operation, Supplier<T> body) {
    return unless(operation, body, DatabricksErrors::alreadyExists);
  }

  /** The object, or empty when Databricks says it does not exist. */
  <T> Optional<T> optional(String operation, Supplier<T> body) {
    return unless(operation, body, DatabricksErrors::absent);
  }

  /** One SDK call whose {@code expected} failure means "empty"; any other comes back classified. */
  private <T> Optional<T> unless(String operation, Supplier<T> body, Predicate<RuntimeException> expected) {
    RetryAfterRecorder.clear();
    Progress.beat(operation);
    try {
      return Optional.of(body.get());
    } catch (RuntimeException e) {
      if (expected.test(e)) {
        return Optional.empty();
      }
      throw classify(operation, e);
    }
  }

  static ProviderException conflict(String object, String why) {
    return new ProviderException(Failures.PROVIDER_CONFLICT, object + " already exists but is not the one Shareline"
        + " provisions for this connector: " + why + ". Remove or rename it in the workspace, then retry.");
  }

  String scrub(String text) {
    if (text == null) {
      return "";
    }
    String out = text;
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        out = out.replace(secret, "***");
      }
    }
    return out;
  }

  /** The API error itself, also when the SDK wrapped it after running out of attempts. */
  static DatabricksError rootError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DatabricksError de && de.getStatusCode() > 0) {
        return de;
      }
      if (!(t instanceof DatabricksException)) {
        return null;
      }
    }
    return null;
  }
}
