package io.shareline.sharing.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** The protocol's profile file: where the server is and the recipient's bearer token. Never logged whole. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SharingProfile(int shareCredentialsVersion, String endpoint, String bearerToken, Instant expirationTime) {
  @Override
  public String toString() {
    return "SharingProfile[" + endpoint + ", expires " + expirationTime + "]";
  }
}
