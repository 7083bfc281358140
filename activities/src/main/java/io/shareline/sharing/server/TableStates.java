package io.shareline.sharing.server;

import io.shareline.delta.SnapshotReader;
import io.shareline.delta.SnapshotReader.TableState;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Table states by location and version: a version of a Delta table never changes, so a query, and every
 * download its answer leads to, lists the files of that version once. Bounded by the files held.
 */
final class TableStates {
  private static final int MAX_FILES = 200_000;

  /** A cached state with its file paths, for the membership check of downloads. */
  record Cached(TableState state, Set<String> paths) {}

  private final SnapshotReader reader;
  private final Map<String, Cached> byVersion = new LinkedHashMap<>(16, 0.75f, true);
  private long files;

  TableStates(SnapshotReader reader) {
    this.reader = reader;
  }

  /** The latest state (its version looked up each time), or the one at {@code version}. */
  TableState state(String location, Optional<Long> version) {
    long v = version.orElseGet(() -> reader.latestVersion(location));
    return at(location, v).state();
  }

  /** The files live at {@code version}; empty when the table has no such version. */
  Set<String> livePaths(String location, long version) {
    try {
      return at(location, version).paths();
    } catch (SnapshotReader.NoSuchVersion e) {
      return Set.of();
    }
  }

  private Cached at(String location, long version) {
    String key = location + "@" + version;
    synchronized (this) {
      Cached cached = byVersion.get(key);
      if (cached != null) {
        return cached;
      }
    }
    TableState state = reader.state(location, Optional.of(version), Optional.empty());
    Cached loaded = new Cached(state, state.files().stream().map(SnapshotReader.DataFile::path)
        .collect(Collectors.toUnmodifiableSet()));
    synchronized (this) {
      if (byVersion.put(key, loaded) == null) {
        files += state.files().size();
      }
      Iterator<Cached> eldest = byVersion.values().iterator();
      while (files > MAX_FILES && byVersion.size() > 1 && eldest.hasNext()) {
        files -= eldest.next().state().files().size();
        eldest.remove();
      }
    }
    return loaded;
  }
}
