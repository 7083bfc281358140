package io.shareline.ledger;

import io.shareline.ledger.Ledger.Attempt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Joins the writes that threads of this process make to one connector's ledger while a commit is under
 * way into the next commit: parallel deliveries of a connector wait for one commit instead of one each.
 * A write still returns only once its rows are committed, and throws what its commit threw.
 */
final class GroupCommit {

  /** Rows waiting for one commit, and how that commit ended. */
  private static final class Batch {
    final List<Attempt> rows = new ArrayList<>();
    boolean done;
    RuntimeException failure;
  }

  private final Consumer<List<Attempt>> commit;
  private final ReentrantLock committing = new ReentrantLock();
  private Batch open = new Batch();

  GroupCommit(Consumer<List<Attempt>> commit) {
    this.commit = commit;
  }

  void write(List<Attempt> rows) {
    Batch mine;
    synchronized (this) {
      mine = open;
      mine.rows.addAll(rows);
    }
    committing.lock();
    try {
      if (!mine.done) {
        synchronized (this) {
          open = new Batch();
        }
        try {
          commit.accept(mine.rows);
        } catch (RuntimeException e) {
          mine.failure = e;
        } finally {
          mine.done = true;
        }
      }
    } finally {
      committing.unlock();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }
}
