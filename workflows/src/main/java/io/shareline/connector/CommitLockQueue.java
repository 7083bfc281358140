package io.shareline.connector;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Who holds the connector's shared-table commit lock and who waits for it, in arrival order: part of
 * {@link ConnectorState}, so the lock survives continue-as-new. {@link CommitLock} grants it.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public final class CommitLockQueue {
  /** Delivery workflow id holding the lock, or null. */
  private String commitLockHolder;
  private List<String> commitLockWaiters = new ArrayList<>();

  /** Whether {@code deliveryWorkflowId} holds the lock now; if not, it waits (once) behind the others. */
  boolean take(String deliveryWorkflowId) {
    if (commitLockHolder == null || commitLockHolder.equals(deliveryWorkflowId)) {
      commitLockHolder = deliveryWorkflowId;
      return true;
    }
    if (!commitLockWaiters.contains(deliveryWorkflowId)) {
      commitLockWaiters.add(deliveryWorkflowId);
    }
    return false;
  }

  /** The delivery gives the lock back, or stops waiting: returns the next holder to grant it to, or null. */
  String giveBack(String deliveryWorkflowId) {
    if (!deliveryWorkflowId.equals(commitLockHolder)) {
      commitLockWaiters.remove(deliveryWorkflowId);
      return null;
    }
    commitLockHolder = commitLockWaiters.isEmpty() ? null : commitLockWaiters.remove(0);
    return commitLockHolder;
  }

  public String holder() {
    return commitLockHolder;
  }

  public List<String> waiters() {
    return Collections.unmodifiableList(commitLockWaiters);
  }
}
