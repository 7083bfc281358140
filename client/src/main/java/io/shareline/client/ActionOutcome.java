package io.shareline.client;

import io.shareline.connector.ActionResult;
import io.shareline.connector.ConnectorStatus;

/**
 * The connector's answer to an engineer action: accepted (with what it did and its status after) or
 * rejected by the action's validator (with why; nothing changed).
 */
public record ActionOutcome(boolean accepted, String reason, ConnectorStatus status) {

  static ActionOutcome accepted(ActionResult result) {
    return new ActionOutcome(true, result.message(), result.status());
  }

  static ActionOutcome rejected(String reason) {
    return new ActionOutcome(false, reason, null);
  }

  /** One line for people: {@code accepted: ...} or {@code rejected: ...}. */
  public String describe() {
    return (accepted ? "accepted: " : "rejected: ") + reason;
  }
}
