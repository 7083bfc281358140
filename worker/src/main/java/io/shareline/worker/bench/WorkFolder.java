package io.shareline.worker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A bench's work folder: a new folder under {@code --dir}, kept, or a temporary one, deleted on close. */
final class WorkFolder implements AutoCloseable {
  private final Path path;
  private final boolean temporary;

  private WorkFolder(Path path, boolean temporary) {
    this.path = path;
    this.temporary = temporary;
  }

  static WorkFolder open(Path dir, String prefix) throws IOException {
    return dir == null ? new WorkFolder(Files.createTempDirectory("shareline-bench-"), true)
        : new WorkFolder(Files.createTempDirectory(Files.createDirectories(dir), prefix), false);
  }

  Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    if (temporary) {
      deleteTree(path);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }
}
