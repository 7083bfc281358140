package io.shareline.connector;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds a mocked activity call until the test lets it finish. */
final class Gate {
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  void pass() throws InterruptedException {
    started.countDown();
    assertTrue(released.await(30, TimeUnit.SECONDS), "activity never released");
  }

  void awaitStarted() throws InterruptedException {
    assertTrue(started.await(30, TimeUnit.SECONDS), "activity never started");
  }

  void release() {
    released.countDown();
  }
}
