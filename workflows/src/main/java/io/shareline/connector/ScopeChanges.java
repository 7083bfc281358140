package io.shareline.connector;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.shareline.connector.spec.ConnectorSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Workflows added to an ACTIVE connector's scope on their way to having their history backfilled: queued
 * in the order they were added, then backfilled (one such backfill at a time) while their live runs wait.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public final class ScopeChanges {
  private List<String> scopeBackfillQueued = new ArrayList<>();
  private TreeSet<String> scopeBackfilling = new TreeSet<>();

  /** The scope is now {@code spec}'s: workflows no longer in it leave the queue, {@code toBackfill} join it. */
  void rescoped(ConnectorSpec spec, List<String> toBackfill) {
    scopeBackfillQueued.removeIf(w -> !spec.inScope(w));
    toBackfill.stream().filter(w -> !scopeBackfillQueued.contains(w)).forEach(scopeBackfillQueued::add);
  }

  /** Queued workflows wait and no such backfill runs. */
  boolean waiting() {
    return !scopeBackfillQueued.isEmpty() && scopeBackfilling.isEmpty();
  }

  /** A backfill of {@code added} starts (if they have history): their live runs wait for it. */
  void started(List<String> added, boolean withHistory) {
    scopeBackfillQueued.removeAll(added);
    if (withHistory) {
      scopeBackfilling.addAll(added);
    }
  }

  /** The backfill of the added workflows ended: their live runs may go. */
  void finished() {
    scopeBackfilling.clear();
  }

  /** A connector started before added workflows were backfilled: they are not. */
  void dropQueued() {
    scopeBackfillQueued.clear();
  }

  public List<String> queued() {
    return Collections.unmodifiableList(scopeBackfillQueued);
  }

  public Set<String> backfilling() {
    return Collections.unmodifiableSet(scopeBackfilling);
  }
}
