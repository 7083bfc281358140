package io.shareline.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One field of a run's schema as the source declares it. A field is private when its name starts
 * with {@code _} or the workflow flags it; private fields never reach a published table.
 */
public record FieldSpec(String name, SourceType type, boolean nullable, String description, boolean privateFlag) {

  @JsonIgnore
  public boolean isPrivate() {
    return privateFlag || isPrivateName(name);
  }

  public static boolean isPrivateName(String name) {
    return name != null && name.startsWith("_");
  }
}
