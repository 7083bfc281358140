package io.shareline.connector.spec;

import java.util.Map;

/**
 * How a connector's runs are delivered. Absent values take the defaults.
 *
 * @param castPolicy       LENIENT (a value that does not fit becomes null and is counted) or STRICT
 *                         (the run fails at STAGE); the connector-wide default
 * @param fieldCastPolicies per-field overrides, keyed by source field name (or {@code <workflowId>.<field>})
 * @param stagingFileName  staging file-name pattern with {@code {workflow}}, {@code {job}}, {@code {date}},
 *                         {@code {timestamp}}, {@code {part}} placeholders
 * @param keepStaging      keep staged files after VERIFY (for debugging) instead of purging them
 */
public record DeliverySettings(
    CastPolicy castPolicy,
    Map<String, CastPolicy> fieldCastPolicies,
    String stagingFileName,
    boolean keepStaging) {

  public static final String DEFAULT_STAGING_FILE_NAME = "{workflow}-{job}-{part}";

  /** What happens to a value that does not fit its field's type. */
  public enum CastPolicy { LENIENT, STRICT }

  public DeliverySettings {
    castPolicy = castPolicy == null ? CastPolicy.LENIENT : castPolicy;
    fieldCastPolicies = fieldCastPolicies == null ? Map.of() : Map.copyOf(fieldCastPolicies);
    stagingFileName = stagingFileName == null || stagingFileName.isBlank() ? DEFAULT_STAGING_FILE_NAME : stagingFileName;
  }

  public static DeliverySettings defaults() {
    return new DeliverySettings(null, null, null, false);
  }

  /** The policy of one field: a workflow-qualified override, then a field override, then the default. */
  public CastPolicy policyFor(String workflowId, String field) {
    CastPolicy qualified = fieldCastPolicies.get(workflowId + "." + field);
    if (qualified != null) {
      return qualified;
    }
    return fieldCastPolicies.getOrDefault(field, castPolicy);
  }
}
