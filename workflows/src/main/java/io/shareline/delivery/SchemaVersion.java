package io.shareline.delivery;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The schema version a run belongs to, decided at SCHEMA.
 *
 * @param tableName     {@code wf_<id>__v<n>}
 * @param latestVersion the newest version known for the workflow (whose rows {@code __latest} follows)
 */
public record SchemaVersion(String workflowId, int version, String fingerprint, String tableName, int latestVersion) {

  @JsonIgnore
  public boolean isLatest() {
    return version >= latestVersion;
  }
}
