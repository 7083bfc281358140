package io.shareline.sharing.server;

/** A request the protocol answers with an error body ({@code errorCode}, {@code message}) and this status. */
final class ProtocolError extends RuntimeException {
  static final String MALFORMED_REQUEST = "MALFORMED_REQUEST";
  static final String INVALID_PARAMETER_VALUE = "INVALID_PARAMETER_VALUE";
  static final String RESOURCE_DOES_NOT_EXIST = "RESOURCE_DOES_NOT_EXIST";
  static final String UNAUTHENTICATED = "UNAUTHENTICATED";
  static final String PERMISSION_DENIED = "PERMISSION_DENIED";
  static final String TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS";
  static final String UNSUPPORTED_OPERATION = "UNSUPPORTED_OPERATION";
  static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  final int status;
  final String errorCode;

  ProtocolError(int status, String errorCode, String message) {
    super(message, null, false, false);
    this.status = status;
    this.errorCode = errorCode;
  }

  static ProtocolError notFound(String what) {
    return new ProtocolError(404, RESOURCE_DOES_NOT_EXIST, what + " does not exist or is not shared with you");
  }

  static ProtocolError badParameter(String message) {
    return new ProtocolError(400, INVALID_PARAMETER_VALUE, message);
  }

  static ProtocolError unauthenticated() {
    return new ProtocolError(401, UNAUTHENTICATED, "the bearer token is missing, unknown, expired or revoked");
  }
}
