package io.shareline.connector.spec;

import java.util.List;

/**
 * What a connector delivers and to whom. Holds no secret: token credentials are handed out once by
 * the provider and never stored here.
 *
 * @param sourceUri the source root (local folder or s3a:// prefix)
 * @param provider  {@code local} (embedded default) or {@code databricks}
 * @param recipient sharing identifier (Databricks recipient) or a name for a token recipient
 * @param workflows source workflow ids in scope; empty means all
 * @param delivery  cast policies and staging options (null: defaults)
 * @param orchestration parallelism and backfill paging (null: defaults)
 * @param recipientType {@code token} for a token recipient of the local provider (its one-time activation link
 *     goes to the activation outbox); null or blank: the provider's default
 */
public record ConnectorSpec(
    String connectorId,
    String sourceUri,
    String provider,
    String recipient,
    List<String> workflows,
    boolean activityLog,
    DeliverySettings delivery,
    OrchestrationSettings orchestration,
    String recipientType) {

  public static final String TOKEN_RECIPIENT = "token";

  public ConnectorSpec(String connectorId, String sourceUri, String provider, String recipient, List<String> workflows,
      boolean activityLog, DeliverySettings delivery, OrchestrationSettings orchestration) {
    this(connectorId, sourceUri, provider, recipient, workflows, activityLog, delivery, orchestration, null);
  }

  public ConnectorSpec(String connectorId, String sourceUri, String provider, String recipient, List<String> workflows,
      boolean activityLog) {
    this(connectorId, sourceUri, provider, recipient, workflows, activityLog, null, null);
  }

  public ConnectorSpec(String connectorId, String sourceUri, String provider, String recipient, List<String> workflows,
      boolean activityLog, DeliverySettings delivery) {
    this(connectorId, sourceUri, provider, recipient, workflows, activityLog, delivery, null);
  }

  public ConnectorSpec {
    workflows = workflows == null ? List.of() : List.copyOf(workflows);
    provider = provider == null || provider.isBlank() ? "local" : provider;
    delivery = delivery == null ? DeliverySettings.defaults() : delivery;
    orchestration = orchestration == null ? OrchestrationSettings.defaults() : orchestration;
    recipientType = recipientType == null || recipientType.isBlank() ? null
        : recipientType.toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether the recipient authenticates with a bearer token Shareline hands out. */
  public boolean tokenRecipient() {
    return TOKEN_RECIPIENT.equals(recipientType);
  }

  /** The same connector with another workflow scope. */
  public ConnectorSpec withWorkflows(List<String> scope) {
    return new ConnectorSpec(connectorId, sourceUri, provider, recipient, scope, activityLog, delivery, orchestration,
        recipientType);
  }

  public ConnectorSpec withOrchestration(OrchestrationSettings settings) {
    return new ConnectorSpec(connectorId, sourceUri, provider, recipient, workflows, activityLog, delivery, settings,
        recipientType);
  }

  public boolean inScope(String workflowId) {
    return workflows.isEmpty() || workflows.contains(workflowId);
  }
}
