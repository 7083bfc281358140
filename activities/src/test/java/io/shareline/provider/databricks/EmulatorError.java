package io.shareline.provider.databricks;

/** A documented error answer: HTTP status, {@code error_code} and message. */
final class EmulatorError extends RuntimeException {
  final int status;
  final String code;

  EmulatorError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static EmulatorError denied(String principal, String privilege, String securable) {
    return new EmulatorError(403, "PERMISSION_DENIED", "User " + principal + " does not have " + privilege.replace('_', ' ')
        + " on " + securable.replace(':', ' ') + ".");
  }
}
