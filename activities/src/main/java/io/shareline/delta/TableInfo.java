package io.shareline.delta;

import io.delta.kernel.types.StructType;
import java.util.Map;

/** A table's current state as its latest snapshot reports it. */
public record TableInfo(long version, StructType schema, long dataFiles, long rowCount, Map<String, String> properties) {

  public TableInfo {
    properties = Map.copyOf(properties);
  }
}
