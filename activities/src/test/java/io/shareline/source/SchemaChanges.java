package io.shareline.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Schema changes made to a sample run after it was written, as an engine's later run would bring them. */
public final class SchemaChanges {
  private SchemaChanges() {}

  /** One more public STRING field {@code coupon_code} in run.json, {@code SPRING} in every row. */
  public static void addCouponCode(Path runDir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode run = (ObjectNode) json.readTree(runDir.resolve("run.json").toFile());
    ((ArrayNode) run.get("schema")).addObject().put("name", "coupon_code").put("type", "STRING")
        .put("nullable", true).put("description", "added in a later run");
    json.writeValue(runDir.resolve("run.json").toFile(), run);
    List<String> rows = new ArrayList<>();
    for (String line : Files.readAllLines(runDir.resolve("rows.jsonl"))) {
      if (!line.isBlank()) {
        rows.add(((ObjectNode) json.readTree(line)).put("coupon_code", "SPRING").toString());
      }
    }
    Files.write(runDir.resolve("rows.jsonl"), rows);
  }
}
