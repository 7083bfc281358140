package io.shareline.source;

import io.shareline.schema.PublicField;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns a workflow's registered schema versions gave their fields, so a published column never
 * changes its name: a known schema keeps its columns exactly, and a field of a new version keeps the
 * column its source name last had. Only fields never seen before are named by today's rule.
 */
public final class RecordedColumns {

  public static final RecordedColumns NONE = new RecordedColumns(Map.of());

  private final Map<String, List<PublicField>> byFingerprint;
  private final Map<String, String> bySourceName = new HashMap<>();

  /** {@code byFingerprint} in version order: a later version's column for a source name wins. */
  public RecordedColumns(Map<String, List<PublicField>> byFingerprint) {
    this.byFingerprint = new LinkedHashMap<>(byFingerprint);
    byFingerprint.values().forEach(fields -> fields.forEach(f -> bySourceName.put(f.sourceName(), f.columnName())));
  }

  Optional<List<PublicField>> version(String fingerprint) {
    return Optional.ofNullable(byFingerprint.get(fingerprint));
  }

  Optional<String> column(String sourceName) {
    return Optional.ofNullable(bySourceName.get(sourceName));
  }
}
