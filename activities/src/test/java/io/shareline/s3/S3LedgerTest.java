package io.shareline.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shareline.delta.DeltaTables;
import io.shareline.delta.S3ConditionalLogStore;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.ledger.Ledger;
import io.shareline.ledger.Ledger.Attempt;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delivery ledger on S3: commits refused by the object store itself when a version exists. */
class S3LedgerTest {

  private S3ProxyServer s3;

  @BeforeEach
  void start() throws Exception {
    s3 = S3ProxyServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    s3.close();
  }

  @Test
  void aCommitFileAnotherProcessWroteFirstIsRefusedByThePutItself() throws Exception {
    Configuration conf = s3.hadoopConf();
    // No existence check before the PUT: only S3's If-None-Match can refuse the second commit.
    conf.setBoolean("fs.s3a.create.performance", true);
    Path commit = new Path(s3.uri("t/_delta_log/00000000000000000001.json"));
    try (var out = commit.getFileSystem(conf).create(commit, true)) {
      out.write("{\"other\":\"process\"}\n".getBytes(StandardCharsets.UTF_8));
    }

    S3ConditionalLogStore store = new S3ConditionalLogStore(conf);
    assertThrows(FileAlreadyExistsException.class,
        () -> store.write(commit, List.of("{\"this\":\"process\"}").iterator(), false, conf));

    try (FSDataInputStream in = commit.getFileSystem(conf).open(commit)) {
      assertEquals("{\"other\":\"process\"}\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void writersWithTheirOwnDeltaEnginesAppendToOneLedgerOnS3AndLoseNothing() throws Exception {
    Lakehouse lakehouse = new Lakehouse(s3.uri("data"), s3.hadoopConf());
    Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
    new Ledger(lakehouse).write(attempt("wf", "warm-up", t0));
    int writers = 3;
    int writesEach = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      String workflow = "wf" + w;
      Ledger own = new Ledger(lakehouse, new DeltaTables(s3.hadoopConf()));
      done.add(pool.submit(() -> {
        for (int i = 0; i < writesEach; i++) {
          own.write(attempt(workflow, "j" + i, t0));
        }
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    assertEquals(1 + writers * writesEach, new Ledger(lakehouse).all("acme").size());
    assertEquals(1 + writers * writesEach,
        new DeltaTables(s3.hadoopConf()).latestVersion(lakehouse.internalPath("acme", "ledger")));
  }

  private static Attempt attempt(String workflow, String job, Instant started) {
    return new Attempt("acme", workflow, job, "LOAD", 1, started, started.plusSeconds(1), "SUCCEEDED", null, null);
  }
}
