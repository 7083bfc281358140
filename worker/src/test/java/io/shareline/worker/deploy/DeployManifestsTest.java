package io.shareline.worker.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shareline.client.TemporalConnection;
import io.shareline.common.SearchAttributes;
import io.shareline.worker.config.WorkerSettings;
import io.shareline.worker.runtime.SearchAttributeRegistration;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkSystemSetting;

/**
 * Keeps deploy/ honest against the code: every YAML file parses, the worker is given only variables it
 * reads (and every one it needs), images are pinned, and the registration jobs register exactly the
 * search attributes the workflows set. Nothing here runs Docker or Kubernetes.
 */
class DeployManifestsTest {

  private static final DeployFiles DEPLOY = DeployFiles.load();

  /** The worker's shutdown grace (SHARELINE_SHUTDOWN_GRACE default); stop grace periods must outlast it. */
  private static final Duration WORKER_SHUTDOWN = io.shareline.worker.config.WorkerTuning.DEFAULT_SHUTDOWN_GRACE;

  /** Config keys whose variables every deployment must set: the defaults only fit a laptop. */
  private static final List<String> REQUIRED_KEYS = List.of("temporal.address", "temporal.namespace", "data-dir");

  @Test
  void everyYamlFileUnderDeployParses() {
    assertTrue(DEPLOY.yamlFiles().size() >= 2, "expected the compose file and the manifests, got " + DEPLOY.yamlFiles());
    DEPLOY.yamlFiles().forEach((file, documents) ->
        assertFalse(documents.isEmpty(), file + " holds no YAML document"));
  }

  @Test
  void workerIsGivenOnlyVariablesItReads() {
    Set<String> reads = variablesTheWorkerReads();
    assertKnown("docker-compose.yml service worker", DEPLOY.composeWorkerVariables(), reads);
    assertKnown("deploy/Dockerfile ENV", DEPLOY.dockerfile().envNames(), reads);
    List<Manifests.Container> workers = DEPLOY.manifests().workerContainers();
    assertFalse(workers.isEmpty(), "no worker container in deploy/kubernetes");
    workers.forEach(c -> assertKnown(c.where(), DEPLOY.manifests().variables(c), reads));
  }

  @Test
  void workerIsGivenEveryRequiredVariable() {
    for (String key : REQUIRED_KEYS) {
      String variable = WorkerSettings.environmentVariables().get(key);
      assertNotNull(variable, "WorkerSettings no longer maps config key " + key + " to a variable");
      assertTrue(DEPLOY.composeWorkerVariables().contains(variable), "docker-compose.yml worker lacks " + variable);
      DEPLOY.manifests().workerContainers().forEach(c ->
          assertTrue(DEPLOY.manifests().variables(c).contains(variable), c.where() + " lacks " + variable));
    }
  }

  @Test
  void theSharingServerRunsAsItsOwnServiceGivenOnlyVariablesItReads() {
    List<Manifests.Container> servers = DEPLOY.manifests().sharingServerContainers();
    assertEquals(1, servers.size(), "expected one sharing-server container in deploy/kubernetes");
    Manifests.Container server = servers.get(0);
    assertKnown(server.where(), DEPLOY.manifests().variables(server), variablesTheWorkerReads());
    assertTrue(String.valueOf(server.container().get("command")).contains("sharing-server"), server.where());
    assertTrue(server.container().containsKey("readinessProbe"), server.where() + " lacks a readiness probe");
  }

  @Test
  void everyImageIsPinned() {
    List<String> images = new ArrayList<>(DEPLOY.composeImages());
    DEPLOY.manifests().containers().forEach(c -> images.add(c.image()));
    images.addAll(DEPLOY.dockerfile().baseImages());
    assertTrue(images.size() >= 8, "expected every service's image, got " + images);
    List<String> loose = images.stream().filter(image -> !pinned(image)).toList();
    assertEquals(List.of(), loose, "images without a fixed tag or digest");
  }

  @Test
  void composeWorkerStartsAfterTheSearchAttributesAreRegistered() {
    String registration = DEPLOY.composeRegistrationService();
    assertEquals("service_completed_successfully", DEPLOY.composeWorkerDependencyCondition(registration),
        "the compose worker must wait for " + registration + " to finish");
  }

  @Test
  void registrationJobsRegisterExactlyTheWorkflowsSearchAttributesAsKeywords() {
    List<String> inCode = SearchAttributes.ALL.stream().map(SearchAttributeKey::getName).toList();
    assertEquals(inCode, List.copyOf(SearchAttributeRegistration.ATTRIBUTES.keySet()),
        "the embedded registration and the workflows disagree");
    assertTrue(SearchAttributes.ALL.stream()
        .allMatch(key -> key.getValueType() == IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));

    DeployFiles.Registration compose = DEPLOY.composeRegistration();
    List<Manifests.Container> jobs = DEPLOY.manifests().registrationContainers();
    assertEquals(1, jobs.size(), "expected one search-attribute registration Job in deploy/kubernetes");
    Manifests.Container job = jobs.get(0);
    List<DeployFiles.Registration> registrations = List.of(compose,
        new DeployFiles.Registration(job.where(), job.literalEnv().get("SEARCH_ATTRIBUTES"), job.script()));
    for (DeployFiles.Registration r : registrations) {
      assertNotNull(r.attributes(), r.where() + " sets no SEARCH_ATTRIBUTES");
      assertEquals(inCode, Arrays.asList(r.attributes().trim().split("\\s+")), r.where());
      assertTrue(r.script().contains("search-attribute create") && r.script().contains("--type Keyword"),
          r.where() + " does not create Keyword attributes");
    }
  }

  @Test
  void dockerfileRunsTheWorkerAsNonRootWithAHealthCheck() {
    Dockerfile dockerfile = DEPLOY.dockerfile();
    String user = dockerfile.finalStage("USER");
    assertNotNull(user, "the runtime stage sets no USER");
    assertFalse(user.startsWith("root") || user.startsWith("0"), "runs as " + user);
    String healthcheck = dockerfile.finalStage("HEALTHCHECK");
    assertTrue(healthcheck != null && !healthcheck.startsWith("NONE"), "no HEALTHCHECK in the runtime stage");
    assertTrue(DEPLOY.healthcheckScript().contains("GET /health"), "the health check does not call /health");
    String entrypoint = dockerfile.finalStage("ENTRYPOINT");
    assertTrue(entrypoint.contains("shareline-worker.jar") && entrypoint.contains("\"worker\""), entrypoint);
    assertTrue(dockerfile.text().contains("worker/target/shareline-worker.jar")
        && dockerfile.text().contains("worker/target/lib/"), "the image must carry the jar and its lib/ folder");
  }

  @Test
  void kubernetesWorkersAreSizedProbedAndStoppedGracefully() {
    Manifests manifests = DEPLOY.manifests();
    for (Manifests.Container c : manifests.workerContainers()) {
      Map<String, Object> spec = c.container();
      for (String bound : List.of("requests", "limits")) {
        Map<String, Object> resources = Manifests.map(Manifests.map(spec.get("resources")).get(bound));
        assertTrue(resources.containsKey("memory"), c.where() + " has no memory " + bound);
      }
      assertTrue(spec.containsKey("livenessProbe") && spec.containsKey("readinessProbe"), c.where() + " lacks probes");
      assertEquals(Boolean.TRUE, Manifests.map(c.pod().get("securityContext")).get("runAsNonRoot"), c.where());
      Object grace = c.pod().get("terminationGracePeriodSeconds");
      assertTrue(grace instanceof Integer seconds && seconds > WORKER_SHUTDOWN.toSeconds() + 10,
          c.where() + " terminationGracePeriodSeconds " + grace + " does not outlast the worker's shutdown");
    }
    Number replicas = (Number) manifests.workerDeployment().get("replicas");
    assertTrue(replicas != null && replicas.intValue() >= 2, "run at least two workers");
    Duration composeGrace = DeployFiles.composeDuration(DEPLOY.composeWorker().get("stop_grace_period"));
    assertTrue(composeGrace.compareTo(WORKER_SHUTDOWN.plusSeconds(10)) > 0, "compose stop_grace_period " + composeGrace);
  }

  /** What the worker process reads from its environment, taken from the code that reads it. */
  private static Set<String> variablesTheWorkerReads() {
    Set<String> names = new TreeSet<>(WorkerSettings.environmentVariables().values());
    // The image runs the whole CLI; its client commands read these (the same names as the worker's keys).
    names.add(TemporalConnection.ADDRESS_ENV);
    names.add(TemporalConnection.NAMESPACE_ENV);
    // S3A's default credential chain includes the AWS SDK's EnvironmentVariableCredentialsProvider.
    Stream.of(SdkSystemSetting.AWS_ACCESS_KEY_ID, SdkSystemSetting.AWS_SECRET_ACCESS_KEY,
            SdkSystemSetting.AWS_SESSION_TOKEN, SdkSystemSetting.AWS_REGION)
        .map(SdkSystemSetting::environmentVariable)
        .forEach(names::add);
    // The image's health check runs in the worker container too.
    Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(DEPLOY.healthcheckScript());
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static void assertKnown(String where, Set<String> given, Set<String> reads) {
    Set<String> unknown = new TreeSet<>(given);
    unknown.removeAll(reads);
    assertEquals(Set.of(), unknown, where + " sets variables the worker never reads (it reads " + reads + ")");
  }

  /** A tag other than latest, or a digest. */
  static boolean pinned(String image) {
    if (image == null || image.contains("${")) {
      return false;
    }
    if (image.contains("@sha256:")) {
      return true;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    return colon > slash && !image.substring(colon + 1).isBlank() && !image.endsWith(":latest");
  }

  static Path deployDir() {
    // Surefire runs in the module folder; deploy/ sits beside it.
    Path dir = Path.of("..", "deploy").toAbsolutePath().normalize();
    assertTrue(Files.isDirectory(dir), "deploy/ not found at " + dir);
    return dir;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }
}
