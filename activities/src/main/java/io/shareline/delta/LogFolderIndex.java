package io.shareline.delta;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The names in local {@code _delta_log} folders, so that loading a snapshot does not enumerate every
 * commit ever kept. Kernel lists from the last checkpoint's version; a folder that holds 10,000 commits
 * (22,000 names with checksums and checkpoints) costs about 20 ms to enumerate, against well under a
 * millisecond for a young table. This index enumerates a folder once, keeps only the names from its
 * newest checkpoint on, and afterwards learns what was added by looking up the names a Delta writer
 * gives the next versions ({@code N.json}, {@code N.crc}, {@code N.checkpoint.parquet}).
 *
 * <p>Staying right:
 * <ul>
 *   <li>a folder whose modification time has not changed since the index last looked is not looked at
 *       again, but only once that time is older than {@link #RACY_MILLIS} (a change within the file
 *       system's timestamp granularity could otherwise leave the time unchanged);
 *   <li>every name handed out is read from disk just after (a file removed since is dropped);
 *   <li>a listing from before the newest checkpoint known, or a start that is not a version, gets a full
 *       enumeration, and so does any folder every {@code fullListingEvery}: names another engine may
 *       write (multi-part or UUID-named checkpoints, compacted logs) appear within that time, and until
 *       then a reader merely replays from an older checkpoint.
 * </ul>
 */
final class LogFolderIndex {

  /** How old a folder's modification time must be before an unchanged time proves an unchanged folder. */
  static final long RACY_MILLIS = 100;
  /** Versions below the newest commit known whose checksum or checkpoint may still be written. */
  private static final int LATE_HOOK_VERSIONS = 3;
  private static final int MAX_FOLDERS = 2_048;
  private static final String LAST_CHECKPOINT = "_last_checkpoint";

  /** The index of this process's {@link LocalLogStore}s. */
  static final LogFolderIndex SHARED = new LogFolderIndex(Duration.ofSeconds(30), System::nanoTime);

  private final long fullListingEveryNanos;
  private final LongSupplier nanoClock;
  private final Map<Path, Folder> folders = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Path, Folder> eldest) {
      return size() > MAX_FOLDERS;
    }
  });

  LogFolderIndex(Duration fullListingEvery, LongSupplier nanoClock) {
    this.fullListingEveryNanos = fullListingEvery.toNanos();
    this.nanoClock = nanoClock;
  }

  /** The names in {@code dir} at or after {@code from}, sorted, as a listing of the folder now would give them. */
  List<String> namesFrom(Path dir, String from) throws IOException {
    long fromVersion = versionOf(from);
    long now = System.currentTimeMillis();
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(dir);
    } catch (NoSuchFileException e) {
      folders.remove(dir);
      throw new FileNotFoundException(dir.toString());
    }
    Folder folder = folders.get(dir);
    if (folder != null && fromVersion >= 0) {
      List<String> names = folder.namesFrom(dir, from, fromVersion, modified, now, nanoClock.getAsLong());
      if (names != null) {
        return names;
      }
    }
    String[] all = dir.toFile().list();
    if (all == null) {
      folders.remove(dir);
      throw new FileNotFoundException(dir.toString());
    }
    folders.put(dir, new Folder(all, modified, now - modified.toMillis() > RACY_MILLIS, nanoClock.getAsLong()));
    List<String> names = new ArrayList<>();
    for (String name : all) {
      if (name.compareTo(from) >= 0) {
        names.add(name);
      }
    }
    Collections.sort(names);
    return names;
  }

  /** Forgets every folder: the next listing of each enumerates it, as in a new process. */
  void clear() {
    folders.clear();
  }

  /** A name handed out that has gone from the folder since (log cleanup): not handed out again. */
  void removed(Path dir, String name) {
    Folder folder = folders.get(dir);
    if (folder != null) {
      folder.remove(name);
    }
  }

  /** The version a log file name starts with, or -1. */
  static long versionOf(String name) {
    if (name.length() < 20) {
      return -1;
    }
    for (int i = 0; i < 20; i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    return name.length() == 20 || name.charAt(20) == '.' ? Long.parseLong(name.substring(0, 20)) : -1;
  }

  private static String name(long version, String suffix) {
    return String.format("%020d%s", version, suffix);
  }

  private final class Folder {
    /** Names of versions at or after {@link #floor}, and every name that is not a version's. */
    private final TreeSet<String> names = new TreeSet<>();
    private final long listedAtNanos;
    private long floor;
    private long newestCommit = -1;
    private FileTime modified;
    private boolean trusted;

    Folder(String[] all, FileTime modified, boolean trusted, long listedAtNanos) {
      this.modified = modified;
      this.trusted = trusted;
      this.listedAtNanos = listedAtNanos;
      long newestCheckpoint = 0;
      for (String name : all) {
        long version = versionOf(name);
        if (version >= 0 && name.startsWith(".checkpoint.", 20)) {
          newestCheckpoint = Math.max(newestCheckpoint, version);
        }
        if (version >= 0 && name.endsWith(".json") && name.length() == 25) {
          newestCommit = Math.max(newestCommit, version);
        }
      }
      floor = newestCheckpoint;
      for (String name : all) {
        long version = versionOf(name);
        if (version < 0 ? !name.startsWith(".") : version >= floor) {
          names.add(name);
        }
      }
    }

    /** The names from {@code from}, or null when only a full enumeration can tell. */
    synchronized List<String> namesFrom(Path dir, String from, long fromVersion, FileTime nowModified, long now,
        long nowNanos) throws IOException {
      if (fromVersion < floor || nowNanos - listedAtNanos > fullListingEveryNanos) {
        return null;
      }
      if (!trusted || !nowModified.equals(modified)) {
        learnAdditions(dir);
        modified = nowModified;
        trusted = now - nowModified.toMillis() > RACY_MILLIS;
      }
      List<String> found = new ArrayList<>();
      for (String name : names.tailSet(from, true)) {
        found.add(name);
      }
      return found;
    }

    synchronized void remove(String name) {
      names.remove(name);
    }

    /** Looks up the names the next versions' commits and the recent versions' hooks would have. */
    private void learnAdditions(Path dir) {
      addIfPresent(dir, LAST_CHECKPOINT);
      long start = Math.max(floor, newestCommit - LATE_HOOK_VERSIONS);
      for (long version = start; ; version++) {
        String commit = name(version, ".json");
        if (version > newestCommit) {
          if (!addIfPresent(dir, commit)) {
            break;
          }
          newestCommit = version;
        }
        addIfPresent(dir, name(version, ".crc"));
        if (addIfPresent(dir, name(version, ".checkpoint.parquet")) && version > floor) {
          floor = version;
          names.headSet(name(version, "")).removeIf(n -> versionOf(n) >= 0);
        }
      }
    }

    private boolean addIfPresent(Path dir, String name) {
      if (names.contains(name)) {
        return true;
      }
      if (Files.exists(dir.resolve(name))) {
        names.add(name);
        return true;
      }
      return false;
    }
  }

}
