package io.shareline.worker;

import java.util.Set;
import java.util.HashSet;
import java.net.ServerSocket;
import java.net.InetAddress;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.shareline.delta.DeltaTables;
import io.shareline.source.SampleRun;
import io.shareline.source.SampleSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/** Reads back what a connector published under a data folder, in the shapes tests compare. */
public final class PublishedTables {
  private static final String JOB_COLUMN = "shareline_job_id";

  private final DeltaTables tables = new DeltaTables(new Configuration());
  private final Path storage;

  public PublishedTables(Path dataDir, String connectorId) {
    this.storage = dataDir.resolve("lakehouse").resolve(connectorId);
  }

  /** Row count of every published table, by table name. */
  public Map<String, Long> rowCounts() {
    Map<String, Long> counts = new TreeMap<>();
    names().forEach(name -> counts.put(name, tables.countRows(path(name))));
    return counts;
  }

  /** Rows per {@code shareline_job_id}, summed over every {@code wf_<id>__v<n>} table. */
  public Map<String, Long> versionTableRowsPerJob() {
    return names().stream().filter(name -> name.matches("wf_.+__v\\d+"))
        .flatMap(name -> tables.readAll(path(name)).stream())
        .collect(Collectors.groupingBy(row -> (String) row.get(JOB_COLUMN), TreeMap::new, Collectors.counting()));
  }

  /** Rows of {@code workflow_runs} per job id: 1 for every delivered run. */
  public Map<String, Long> workflowRunsPerJob() {
    return tables.readAll(path("workflow_runs")).stream()
        .collect(Collectors.groupingBy(row -> (String) row.get("job_id"), TreeMap::new, Collectors.counting()));
  }

  /** {@code table.column} of every column, at any depth, whose name starts with an underscore. */
  public List<String> privateColumns() {
    List<String> found = new ArrayList<>();
    names().forEach(name -> collectPrivate(name, tables.info(path(name)).schema(), found));
    return found;
  }

  /** What each run of {@code sample} (and of {@code more}) should contribute, by job id. */
  public static Map<String, Long> expectedRowsPerJob(SampleSummary sample, SampleRun... more) {
    return Stream.concat(sample.workflows().stream().flatMap(w -> w.runs().stream()), Stream.of(more))
        .collect(Collectors.toMap(SampleRun::jobId, SampleRun::rowCount, (a, b) -> a + b, TreeMap::new));
  }

  private List<String> names() {
    try (Stream<Path> children = Files.list(storage)) {
      return children.map(child -> child.getFileName().toString()).filter(name -> tables.exists(path(name)))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String path(String table) {
    return storage.resolve(table).toString();
  }

  private static void collectPrivate(String prefix, DataType type, List<String> found) {
    if (type instanceof StructType struct) {
      for (StructField field : struct.fields()) {
        String name = prefix + "." + field.getName();
        if (field.getName().startsWith("_")) {
          found.add(name);
        }
        collectPrivate(name, field.getDataType(), found);
      }
    } else if (type instanceof ArrayType array) {
      collectPrivate(prefix + "[]", array.getElementType(), found);
    } else if (type instanceof MapType map) {
      collectPrivate(prefix + "{}", map.getValueType(), found);
    }
  }

  /** {@code workflow/job} keys of every run of a sample. */
  static Set<String> runKeys(SampleSummary sample) {
    return sample.workflows().stream().flatMap(w -> w.runs().stream()).map(r -> r.workflowId() + "/" + r.jobId())
        .collect(Collectors.toCollection(HashSet::new));
  }

  /** Each job id counted once: what {@code workflow_runs} must hold. */
  static Map<String, Long> onceEach(Set<String> jobIds) {
    return jobIds.stream().collect(Collectors.toMap(id -> id, id -> 1L, (a, b) -> a, TreeMap::new));
  }

  /** A free TCP port on loopback, for child-process servers. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
