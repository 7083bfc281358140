package io.shareline.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.activities.SharelineActivities;
import io.shareline.connector.spec.DeliverySettings;
import io.shareline.delivery.RunRef;
import io.shareline.delivery.StagedRun;
import io.shareline.source.SampleSourceGenerator;
import io.shareline.source.SampleSpec;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Staged files: named by the connector's pattern, the same on a retry, purged after VERIFY unless kept. */
class StagingTest {
  private static final String PATTERN = "{date}_{workflow}_{job}_{timestamp}-{part}";

  @TempDir Path dir;
  private RunRef run;

  @BeforeEach
  void generateSource() {
    run = SampleSourceGenerator.generate(dir.resolve("source"), new SampleSpec(5L, 1, 1, 20, false))
        .workflows().get(0).runs().stream().map(r -> new RunRef(r.workflowId(), r.jobId())).findFirst().orElseThrow();
  }

  @Test
  void stagedFilesAreNamedByThePatternAndKeptAfterVerifyWhenAsked() throws IOException {
    Deliveries deliveries = deliveries(new DeliverySettings(null, null, PATTERN, true));
    deliveries.onboard();

    StagedRun staged = deliveries.stage(run);
    deliveries.finish(staged);

    String name = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(staged.times().finishedAt())
        + "_" + run.workflowId() + "_" + run.jobId() + "_" + staged.times().finishedAt().toEpochMilli() + "-00000.parquet";
    assertEquals(List.of(name), namesIn(staged.stagingPath()));
  }

  @Test
  void aRetriedStageWritesTheSameFileNamesInsteadOfAddingFiles() throws IOException {
    Deliveries deliveries = deliveries(new DeliverySettings(null, null, PATTERN, true));
    deliveries.onboard();

    StagedRun first = deliveries.stage(run);
    StagedRun retried = deliveries.stage(run);

    assertEquals(first.files().stream().map(f -> fileName(f.path())).toList(),
        retried.files().stream().map(f -> fileName(f.path())).toList());
    assertEquals(retried.files().stream().map(f -> fileName(f.path())).toList(), namesIn(retried.stagingPath()));
  }

  @Test
  void stagingIsPurgedAfterVerifyByDefault() {
    Deliveries deliveries = deliveries(DeliverySettings.defaults());
    deliveries.onboard();

    StagedRun staged = deliveries.stage(run);
    assertTrue(Files.exists(local(staged.stagingPath())), "staged before VERIFY");
    deliveries.finish(staged);

    assertFalse(Files.exists(local(staged.stagingPath())), "purged after VERIFY");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{workflow}-{run}-{part}", "{workflow}/{job}-{part}", "{job} {part}", "{job}-{part}?x",
      "{workflow}-{job}", "{job-{part}", ".{job}-{part}", "{job}-{part}-ü"})
  void aBadPatternFailsStageAsConfigInvalid(String pattern) {
    Deliveries deliveries = deliveries(new DeliverySettings(null, null, pattern, false));
    deliveries.onboard();

    ApplicationFailure failure = assertThrows(ApplicationFailure.class, () -> deliveries.stage(run));

    assertEquals("CONFIG_INVALID", failure.getType());
    assertTrue(failure.isNonRetryable());
  }

  private Deliveries deliveries(DeliverySettings settings) {
    return new Deliveries(SharelineActivities.create(dir.resolve("data").toString(), new Configuration()),
        Deliveries.connector(dir.resolve("source").toString(), settings));
  }

  /** File names in the staging folder, without the hidden checksum files Hadoop keeps beside local files. */
  private static List<String> namesIn(String stagingPath) throws IOException {
    try (Stream<Path> files = Files.list(local(stagingPath))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  private static Path local(String path) {
    return path.startsWith("file:") ? Path.of(URI.create(path)) : Path.of(path);
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
