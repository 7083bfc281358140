package io.shareline.provider.databricks;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceConflict;
import com.databricks.sdk.core.error.platform.Unauthenticated;
import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import java.util.List;

/**
 * Turns the SDK's typed exceptions into stable failure types with a message that tells ops what to
 * fix. Server messages are kept (they name the object) but scrubbed of every configured secret.
 */
final class DatabricksErrors {
  private final String host;
  private final String principal;
  private final List<String> secrets;

  DatabricksErrors(String host, String principal, List<String> secrets) {
    this.host = host;
    this.principal = principal;
    this.secrets = List.copyOf(secrets);
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
    String what = operation + " failed with " + error.getErrorCode() + " (HTTP " + status + "): " + scrub(error.getMessage());
    if (error instanceof Unauthenticated || status == 401) {
      return new ProviderException(Failures.PROVIDER_AUTH, what + ". Check the credentials for " + host
          + " (DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET): expired, revoked or for another workspace.");
    }
    if (error instanceof PermissionDenied || status == 403) {
      return new ProviderException(Failures.PROVIDER_PERMISSION_DENIED, what + ". Grant " + principal
          + " the privilege named above (e.g. CREATE SHARE / CREATE RECIPIENT on the metastore, USE CATALOG and"
          + " CREATE SCHEMA on the catalog, CREATE EXTERNAL TABLE on the external location).");
    }
    if (status == 429 || status >= 500 || "IO_ERROR".equals(error.getErrorCode())) {
      return new ProviderException(Failures.PROVIDER_TRANSIENT, what + ". Databricks is throttling or unavailable;"
          + " the stage retries by itself.", RetryAfterRecorder.last().orElse(null));
    }
    if (error instanceof ResourceConflict || status == 409) {
      return new ProviderException(Failures.PROVIDER_CONFLICT, what + ". Another object holds this name: rename or"
          + " remove it in the workspace, then retry the stage.");
    }
    if (error instanceof NotFound || status == 404) {
      return new ProviderException(Failures.PROVIDER_INVALID, what + ". An object that must exist is missing:"
          + " provision the connector again, or check databricks.catalog / databricks.warehouse-id.");
    }
    if (error instanceof BadRequest || status == 400) {
      return new ProviderException(Failures.PROVIDER_INVALID, what + ". The request was refused as invalid: check"
          + " the databricks.* settings and the connector's recipient.");
    }
    return new ProviderException(Failures.PROVIDER_TRANSIENT, what);
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

  static boolean is(RuntimeException e, Class<? extends DatabricksError> type) {
    return type.isInstance(rootError(e));
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
