package io.shareline.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shareline.activities.SharelineActivities;
import io.shareline.backfill.BackfillPage;
import io.shareline.backfill.BackfillPageRequest;
import io.shareline.connector.spec.ConnectorSpec;
import io.shareline.delivery.RunRef;
import io.shareline.delta.DeltaTables;
import io.shareline.lakehouse.Lakehouse;
import io.shareline.lakehouse.MetadataTables;
import io.shareline.source.SampleRun;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.shareline.source.SampleSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery stages with both the source and the data folder on s3a:// through a loopback S3Proxy. */
class S3DeliveryTest {
  private static S3ProxyServer s3;
  @TempDir Path dir;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyServer.start();
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @Test
  void everyRunDeliveredToS3ReadsBackWithExactlyItsRowsAndARepeatAddsNothing() throws Exception {
    Configuration conf = s3.hadoopConf();
    SampleSummary sample = SampleSourceGenerator.generate(dir.resolve("source"), new SampleSpec(5L, 2, 3, 20, true));
    String source = s3.uri("source");
    org.apache.hadoop.fs.Path sourcePath = new org.apache.hadoop.fs.Path(source);
    FileUtil.copy(FileSystem.getLocal(conf), new org.apache.hadoop.fs.Path(dir.resolve("source").toUri()),
        sourcePath.getFileSystem(conf), sourcePath, false, conf);
    ConnectorSpec spec = Deliveries.connector(source, null);
    String dataDir = s3.uri("data");

    new Deliveries(SharelineActivities.create(dataDir, conf), spec).deliverAll();
    DeltaTables tables = new DeltaTables(conf);
    Lakehouse lakehouse = new Lakehouse(dataDir, conf);
    Map<String, Map<String, Long>> first = rowsPerJob(tables, lakehouse, sample);

    new Deliveries(SharelineActivities.create(dataDir, conf), spec).deliverAll();

    for (SampleSummary.Workflow wf : sample.workflows()) {
      Map<String, Long> expected = wf.runs().stream().collect(Collectors.toMap(SampleRun::jobId, SampleRun::rowCount));
      assertEquals(expected, first.get(wf.id()), "rows per job of " + wf.id());
    }
    assertEquals(first, rowsPerJob(tables, lakehouse, sample), "a second delivery of every run changes nothing");
    assertEquals(sample.workflows().stream().mapToLong(w -> w.runs().size()).sum(),
        tables.countRows(lakehouse.tablePath("acme", MetadataTables.RUNS)));
  }

  @Test
  void aBackfillPagePlannedOnS3CarriesEachRunsRowsFileSizeAsStored() throws Exception {
    Configuration conf = s3.hadoopConf();
    Path local = dir.resolve("sized");
    SampleSummary sample = SampleSourceGenerator.generate(local, new SampleSpec(9L, 1, 3, 20, true));
    String source = s3.uri("sized");
    org.apache.hadoop.fs.Path sourcePath = new org.apache.hadoop.fs.Path(source);
    FileUtil.copy(FileSystem.getLocal(conf), new org.apache.hadoop.fs.Path(local.toUri()),
        sourcePath.getFileSystem(conf), sourcePath, false, conf);

    BackfillPage page = SharelineActivities.create(s3.uri("sized-data"), conf).onboarding()
        .planBackfillPage(new BackfillPageRequest(Deliveries.connector(source, null), null, 100));

    Map<String, Long> expected = new HashMap<>();
    for (SampleRun run : sample.workflows().get(0).runs()) {
      Path rows = local.resolve("workflows").resolve(run.workflowId()).resolve("runs").resolve(run.jobId())
          .resolve(run.gzipped() ? "rows.jsonl.gz" : "rows.jsonl");
      expected.put(new RunRef(run.workflowId(), run.jobId()).key(), Files.size(rows));
    }
    assertEquals(expected, page.inputBytes());
  }

  /** Rows per job id over every version table of each workflow, read back through Kernel. */
  private static Map<String, Map<String, Long>> rowsPerJob(DeltaTables tables, Lakehouse lakehouse, SampleSummary sample) {
    Map<String, Map<String, Long>> out = new HashMap<>();
    for (SampleSummary.Workflow wf : sample.workflows()) {
      Map<String, Long> perJob = new HashMap<>();
      for (int v = 1; tables.exists(lakehouse.tablePath("acme", Lakehouse.versionTable(wf.id(), v))); v++) {
        for (Map<String, Object> row : tables.readAll(lakehouse.tablePath("acme", Lakehouse.versionTable(wf.id(), v)))) {
          perJob.merge((String) row.get("shareline_job_id"), 1L, Long::sum);
        }
      }
      out.put(wf.id(), perJob);
    }
    return out;
  }
}
