package io.shareline.source;

import java.time.Instant;
import java.util.Set;

/** A workflow as {@code workflow.json} describes it; {@code privateFields} are flagged there by name. */
public record WorkflowInfo(String id, String name, String team, Instant createdAt, Set<String> privateFields) {

  public WorkflowInfo {
    privateFields = Set.copyOf(privateFields);
  }
}
