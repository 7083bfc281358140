package io.shareline.provider.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** The documented request contract the emulator holds every body to, and its documented refusals. */
final class EmulatorContract {
  private EmulatorContract() {}

  static void fields(JsonNode body, Set<String> allowed, Set<String> required) {
    if (body == null || !body.isObject()) {
      throw new EmulatorError(400, "INVALID_PARAMETER_VALUE", "Invalid JSON given in the body of the request - expected an object");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new EmulatorError(400, "INVALID_PARAMETER_VALUE", "Invalid JSON given in the body of the request - unknown field '"
            + f + "'");
      }
    }
    for (String f : required) {
      if (!body.hasNonNull(f) || (body.get(f).isTextual() && body.get(f).asText().isBlank())) {
        throw new EmulatorError(400, "INVALID_PARAMETER_VALUE", "Missing required field: " + f);
      }
    }
  }

  static void oneOf(JsonNode body, String field, Set<String> values) {
    if (!values.contains(body.path(field).asText())) {
      throw new EmulatorError(400, "INVALID_PARAMETER_VALUE", field + " must be one of " + values + ", got "
          + body.path(field));
    }
  }

  static void oneOf(JsonNode value, Set<String> values) {
    if (!values.contains(value.asText())) {
      throw new EmulatorError(400, "INVALID_PARAMETER_VALUE", "Privilege " + value + " is not applicable to a share");
    }
  }

  static <T> T require(Map<String, T> map, String key, String kind) {
    T value = map.get(key);
    if (value == null) {
      throw new EmulatorError(404, "RESOURCE_DOES_NOT_EXIST", kind + " '" + key + "' does not exist.");
    }
    return value;
  }

  static int indexOf(ArrayNode objects, String name) {
    for (int i = 0; i < objects.size(); i++) {
      if (objects.get(i).path("name").asText().equals(name)) {
        return i;
      }
    }
    return -1;
  }

}
