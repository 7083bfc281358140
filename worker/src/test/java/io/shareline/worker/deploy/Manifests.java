package io.shareline.worker.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The Kubernetes documents under deploy/kubernetes, and the containers their pod specs run. */
record Manifests(List<Object> documents) {

  static final String WORKER_IMAGE = "shareline-worker";
  static final String SHARING_SERVER = "sharing-server";

  /** A container with the pod spec around it; {@code where} names it for messages. */
  record Container(String where, Map<String, Object> pod, Map<String, Object> container) {
    String image() {
      return (String) container.get("image");
    }

    String script() {
      return String.valueOf(container.get("command")) + " " + container.get("args");
    }

    /** Variables set with a literal value (not from a ConfigMap or Secret). */
    Map<String, String> literalEnv() {
      Map<String, String> env = new LinkedHashMap<>();
      list(container.get("env")).forEach(item -> {
        Map<String, Object> var = map(item);
        if (var.containsKey("value")) {
          env.put((String) var.get("name"), String.valueOf(var.get("value")));
        }
      });
      return env;
    }
  }

  /** Every container and init container of every pod template, wherever it is nested. */
  List<Container> containers() {
    List<Container> found = new ArrayList<>();
    for (Object document : documents) {
      Map<String, Object> doc = map(document);
      String name = doc.get("kind") + "/" + map(doc.get("metadata")).get("name");
      collect(name, doc, found);
    }
    return found;
  }

  /** Containers of the worker image that run the worker (the sharing server runs the same image). */
  List<Container> workerContainers() {
    return containers().stream().filter(c -> c.image() != null && c.image().contains(WORKER_IMAGE)
        && !SHARING_SERVER.equals(c.container().get("name"))).toList();
  }

  List<Container> sharingServerContainers() {
    return containers().stream().filter(c -> SHARING_SERVER.equals(c.container().get("name"))).toList();
  }

  List<Container> registrationContainers() {
    return containers().stream().filter(c -> c.script().contains("search-attribute create")).toList();
  }

  Map<String, Object> workerDeployment() {
    List<Map<String, Object>> deployments = ofKind("Deployment").stream()
        .filter(d -> String.valueOf(d).contains(WORKER_IMAGE) && !String.valueOf(d).contains(SHARING_SERVER))
        .map(d -> map(d.get("spec")))
        .toList();
    assertEquals(1, deployments.size(), "expected one worker Deployment");
    return deployments.get(0);
  }

  /** Names of every variable a container gets: env entries plus the keys of envFrom ConfigMaps and Secrets. */
  Set<String> variables(Container c) {
    Set<String> names = new TreeSet<>();
    list(c.container().get("env")).forEach(item -> names.add((String) map(item).get("name")));
    for (Object item : list(c.container().get("envFrom"))) {
      Map<String, Object> source = map(item);
      String prefix = (String) source.getOrDefault("prefix", "");
      if (source.containsKey("configMapRef")) {
        Map<String, Object> cm = named("ConfigMap", (String) map(source.get("configMapRef")).get("name"));
        map(cm.get("data")).keySet().forEach(k -> names.add(prefix + k));
      }
      if (source.containsKey("secretRef")) {
        Map<String, Object> secret = named("Secret", (String) map(source.get("secretRef")).get("name"));
        map(secret.get("data")).keySet().forEach(k -> names.add(prefix + k));
        map(secret.get("stringData")).keySet().forEach(k -> names.add(prefix + k));
      }
    }
    return names;
  }

  private Map<String, Object> named(String kind, String name) {
    Map<String, Object> found = ofKind(kind).stream()
        .filter(d -> name.equals(map(d.get("metadata")).get("name")))
        .findFirst()
        .orElse(null);
    assertNotNull(found, "envFrom refers to " + kind + " " + name + ", which deploy/kubernetes does not define");
    return found;
  }

  private List<Map<String, Object>> ofKind(String kind) {
    return documents.stream().map(Manifests::map).filter(d -> kind.equals(d.get("kind"))).toList();
  }

  private static void collect(String where, Object node, List<Container> found) {
    if (node instanceof Map<?, ?> raw) {
      Map<String, Object> m = map(raw);
      if (m.get("containers") instanceof List<?>) {
        for (String key : List.of("initContainers", "containers")) {
          list(m.get(key)).forEach(c ->
              found.add(new Container(where + " container " + map(c).get("name"), m, map(c))));
        }
        return;
      }
      m.values().forEach(v -> collect(where, v, found));
    } else if (node instanceof List<?> items) {
      items.forEach(v -> collect(where, v, found));
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static List<?> list(Object value) {
    return value instanceof List<?> l ? l : List.of();
  }
}
