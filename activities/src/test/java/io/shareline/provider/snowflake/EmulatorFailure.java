package io.shareline.provider.snowflake;

/**
 * A refusal as the SQL API sends it: HTTP status and the {@code code}, {@code sqlState} and {@code message}
 * of the QueryFailureStatus body. Codes marked "documented" appear in Snowflake's documentation or its
 * error messages reference; the share refusals' codes are the emulator's own (see docs/snowflake-endpoints.md).
 */
final class EmulatorFailure extends RuntimeException {
  final int status;
  final String code;
  final String sqlState;

  EmulatorFailure(int status, String code, String sqlState, String message) {
    super(message);
    this.status = status;
    this.code = code;
    this.sqlState = sqlState;
  }

  static EmulatorFailure statement(String code, String sqlState, String message) {
    return new EmulatorFailure(422, code, sqlState, message);
  }

  /** Documented: 002003 / 02000. Snowflake never says whether the object is absent or hidden. */
  static EmulatorFailure missing(String kind, String name) {
    return statement("002003", "02000", "SQL compilation error:\n" + kind + " '" + name + "' does not exist or not authorized.");
  }

  /** Documented: 003001 / 42501. */
  static EmulatorFailure denied(String what) {
    return statement("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on " + what + ".");
  }

  /** Documented: 002002 / 42710. */
  static EmulatorFailure exists(String kind, String name) {
    return statement("002002", "42710", "SQL compilation error:\nObject '" + name + "' already exists.");
  }

  /** Documented: 001003 / 42000. */
  static EmulatorFailure syntax(int position, String what) {
    return statement("001003", "42000", "SQL compilation error:\nsyntax error line 1 at position " + position + " " + what + ".");
  }

  /** Documented: 000606 / 57P03. */
  static EmulatorFailure noWarehouse() {
    return statement("000606", "57P03", "No active warehouse selected in the current session.  Select an active"
        + " warehouse with the 'use warehouse' command.");
  }

  /** A share refusal; the code is the emulator's (Snowflake documents the rule, not the code). */
  static EmulatorFailure shareRefused(String message) {
    return statement("003540", "42601", "SQL compilation error:\n" + message);
  }
}
