package io.shareline.sharing.client;

/** The server answered with an error status (and the protocol's errorCode), or could not be reached (status 0). */
public final class SharingClientException extends RuntimeException {
  private final int status;
  private final String errorCode;

  public SharingClientException(int status, String errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  public int status() {
    return status;
  }

  public String errorCode() {
    return errorCode;
  }
}
