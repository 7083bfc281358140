package io.shareline.worker.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** Everything under deploy/, parsed once: YAML documents by file, the compose services, the Dockerfile. */
record DeployFiles(Path dir, Map<String, List<Object>> yamlFiles, Manifests manifests, Dockerfile dockerfile,
    String healthcheckScript) {

  static final String COMPOSE_FILE = "docker-compose.yml";
  static final String COMPOSE_WORKER = "worker";

  /** A registration job as deployed: where, its SEARCH_ATTRIBUTES value, its script. */
  record Registration(String where, String attributes, String script) {}

  static DeployFiles load() {
    Path dir = DeployManifestsTest.deployDir();
    Map<String, List<Object>> yaml = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(DeployFiles::isYaml).sorted().toList()) {
        List<Object> documents = new ArrayList<>();
        new Yaml().loadAll(DeployManifestsTest.read(file)).forEach(doc -> {
          if (doc != null) {
            documents.add(doc);
          }
        });
        yaml.put(dir.relativize(file).toString().replace('\\', '/'), documents);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot list " + dir, e);
    }
    List<Object> kubernetes = new ArrayList<>();
    yaml.forEach((file, documents) -> {
      if (file.startsWith("kubernetes/")) {
        kubernetes.addAll(documents);
      }
    });
    return new DeployFiles(dir, yaml, new Manifests(kubernetes),
        new Dockerfile(DeployManifestsTest.read(dir.resolve("Dockerfile"))),
        DeployManifestsTest.read(dir.resolve("docker/healthcheck.sh")));
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".yml") || name.endsWith(".yaml"));
  }

  Map<String, Object> composeServices() {
    List<Object> documents = yamlFiles.get(COMPOSE_FILE);
    assertNotNull(documents, "deploy/" + COMPOSE_FILE + " is missing");
    return Manifests.map(Manifests.map(documents.get(0)).get("services"));
  }

  Map<String, Object> composeWorker() {
    Map<String, Object> worker = Manifests.map(composeServices().get(COMPOSE_WORKER));
    assertNotNull(worker.get("build"), "the compose worker must be built from deploy/Dockerfile");
    return worker;
  }

  Set<String> composeWorkerVariables() {
    return new TreeSet<>(composeEnvironment(composeWorker()).keySet());
  }

  List<String> composeImages() {
    return composeServices().values().stream().map(s -> (String) Manifests.map(s).get("image")).toList();
  }

  /** The one compose service whose command creates search attributes. */
  String composeRegistrationService() {
    List<String> names = composeServices().entrySet().stream()
        .filter(e -> composeScript(Manifests.map(e.getValue())).contains("search-attribute create"))
        .map(Map.Entry::getKey)
        .toList();
    assertEquals(1, names.size(), "expected one search-attribute registration service in compose, got " + names);
    return names.get(0);
  }

  Registration composeRegistration() {
    String name = composeRegistrationService();
    Map<String, Object> service = Manifests.map(composeServices().get(name));
    return new Registration(COMPOSE_FILE + " service " + name, composeEnvironment(service).get("SEARCH_ATTRIBUTES"),
        composeScript(service));
  }

  /** The condition of the worker's dependency on a service (short list form means service_started). */
  String composeWorkerDependencyCondition(String service) {
    Object dependsOn = composeWorker().get("depends_on");
    if (dependsOn instanceof List<?> list) {
      return list.contains(service) ? "service_started" : null;
    }
    Object entry = Manifests.map(dependsOn).get(service);
    return entry == null ? null : (String) Manifests.map(entry).get("condition");
  }

  /** Compose's environment, in either its map or its list-of-NAME=value form. */
  static Map<String, String> composeEnvironment(Map<String, Object> service) {
    Map<String, String> env = new LinkedHashMap<>();
    Object environment = service.get("environment");
    if (environment instanceof List<?> list) {
      list.forEach(item -> {
        String[] pair = String.valueOf(item).split("=", 2);
        env.put(pair[0], pair.length > 1 ? pair[1] : null);
      });
    } else {
      Manifests.map(environment).forEach((k, v) -> env.put(k, v == null ? null : String.valueOf(v)));
    }
    return env;
  }

  private static String composeScript(Map<String, Object> service) {
    return String.valueOf(service.get("entrypoint")) + " " + service.get("command");
  }

  /** A compose duration such as "60s", "1m30s" or "2m". */
  static Duration composeDuration(Object value) {
    assertNotNull(value, "no stop_grace_period");
    String text = value.toString().trim();
    return Duration.parse("PT" + text.toUpperCase());
  }
}
