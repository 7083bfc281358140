package io.shareline.provider.snowflake;

import io.shareline.common.Failures;
import io.shareline.provider.ProviderException;
import java.time.Duration;

/**
 * Turns SQL API answers into stable failure types, by the documented Snowflake error {@code code} first,
 * then the {@code sqlState} class, then the HTTP status, each with the operator's next step. Messages keep
 * Snowflake's text (it names the object) with every bind value scrubbed; the JWT and the private key are
 * never part of an answer, so never of a message.
 */
final class SnowflakeErrors {

  /** What an answer means for Shareline and what ops do about it. */
  record Meaning(Failures type, String nextStep) {}

  private final SnowflakeKeyPair key;
  private final SnowflakeContext context;

  SnowflakeErrors(SnowflakeKeyPair key, SnowflakeContext context) {
    this.key = key;
    this.context = context;
  }

  /** A failed answer: HTTP status, Snowflake's code, SQL state and message (all optional but the status). */
  ProviderException failure(String purpose, SnowflakeStatement statement, int status, String code, String sqlState,
      String message, Duration retryAfter) {
    Meaning meaning = meaning(status, code, sqlState);
    String what = purpose + " failed (HTTP " + status + (code == null ? "" : ", code " + code)
        + (sqlState == null ? "" : ", SQL state " + sqlState) + "): " + scrub(message, statement);
    return new ProviderException(meaning.type(), what + ". " + nextStep(meaning) + ".",
        meaning.type().retryable() ? retryAfter : null);
  }

  /** The network failed before an answer arrived: retried (the submission keeps its requestId). */
  ProviderException unreachable(String purpose, Exception e) {
    return new ProviderException(Failures.PROVIDER_TRANSIENT, purpose + " got no answer from Snowflake ("
        + e.getClass().getSimpleName() + "). The stage retries; if it persists, check the account identifier's host"
        + " and the network path to *.snowflakecomputing.com.");
  }

  private String nextStep(Meaning meaning) {
    return switch (meaning.type()) {
      case PROVIDER_AUTH -> meaning.nextStep() + " (user and account " + key.subject() + ", key fingerprint "
          + key.fingerprint() + ")";
      case PROVIDER_PERMISSION_DENIED -> meaning.nextStep() + " (role " + orDefault(context.role()) + ")";
      case PROVIDER_CONFIG -> meaning.nextStep() + " (warehouse " + orDefault(context.warehouse()) + ", role "
          + orDefault(context.role()) + ")";
      default -> meaning.nextStep();
    };
  }

  static Meaning meaning(int status, String code, String sqlState) {
    String c = code == null ? "" : code;
    String s = sqlState == null ? "" : sqlState;
    if (status == 401 || c.startsWith("390")) {
      // 390144 "JWT token is invalid" and the rest of the 390xxx login family.
      return new Meaning(Failures.PROVIDER_AUTH, "Snowflake refused the key-pair JWT: set the user's RSA_PUBLIC_KEY to"
          + " the public half of snowflake.private-key (DESCRIBE USER shows RSA_PUBLIC_KEY_FP), check the account"
          + " identifier and user name, and the worker's clock");
    }
    if (status == 429) {
      return new Meaning(Failures.PROVIDER_TRANSIENT, "Snowflake is throttling requests: the stage retries by itself");
    }
    if (status == 408 || c.equals("000630")) {
      return new Meaning(Failures.PROVIDER_TRANSIENT, "The statement reached its timeout and was cancelled: the stage"
          + " retries; if it recurs, raise snowflake.statement-timeout or the warehouse size");
    }
    if (c.equals("000604") || (s.equals("57014") && !c.equals("000630"))) {
      return new Meaning(Failures.PROVIDER_TRANSIENT, "The statement was cancelled: the stage retries by itself");
    }
    if (c.equals("003001") || s.equals("42501")) {
      return new Meaning(Failures.PROVIDER_PERMISSION_DENIED, "Grant the role the privilege named above (CREATE"
          + " DATABASE and CREATE SHARE on the account, USAGE on the warehouse and the storage integration, ownership"
          + " of the connector's database); `shareline connector check --provider snowflake` lists what is missing");
    }
    if (c.equals("000606") || s.equals("57P03")) {
      return new Meaning(Failures.PROVIDER_CONFIG, "No usable warehouse: set snowflake.warehouse to a warehouse the"
          + " role has USAGE on, and let it auto-resume");
    }
    if (c.equals("002003") || s.equals("02000")) {
      return new Meaning(Failures.PROVIDER_INVALID, "An object the statement names does not exist or the role cannot"
          + " see it: if it is the connector's database, schema or table, provision the connector again; otherwise"
          + " grant the role access to it");
    }
    if (c.equals("002002") || s.equals("42710")) {
      return new Meaning(Failures.PROVIDER_CONFLICT, "Another object holds this name: rename or drop it, then retry"
          + " the stage");
    }
    if (status == 404) {
      return new Meaning(Failures.PROVIDER_CONFIG, "The SQL API is not served at this address: check the account"
          + " identifier (https://<org>-<account>.snowflakecomputing.com)");
    }
    if (status == 403) {
      return new Meaning(Failures.PROVIDER_PERMISSION_DENIED, "Snowflake refused the request: check the user's network"
          + " policy and that the role may be used by the user");
    }
    if (s.startsWith("08") || s.startsWith("40") || s.startsWith("53") || s.startsWith("57") || s.startsWith("XX")
        || status >= 500) {
      return new Meaning(Failures.PROVIDER_TRANSIENT, "Snowflake could not finish it: the stage retries by itself");
    }
    if (status == 400 || status == 405 || status == 415) {
      return new Meaning(Failures.INTERNAL, "Snowflake refused the request's form: a defect in Shareline's SQL API"
          + " client, report it with this message");
    }
    return new Meaning(Failures.PROVIDER_INVALID, "Snowflake refused the statement (see the message): check the"
        + " connector's objects in the provider account");
  }

  /** Snowflake quotes literals in some messages: bind values are replaced, so no row value reaches a log. */
  static String scrub(String message, SnowflakeStatement statement) {
    String out = message == null ? "no message" : message;
    if (statement != null) {
      for (SnowflakeStatement.Binding b : statement.bindings()) {
        if (b.value() != null && b.value().length() > 0) {
          out = out.replace(b.value(), "***");
        }
      }
    }
    return out;
  }

  private static String orDefault(String value) {
    return value == null ? "the user's default" : value;
  }
}
